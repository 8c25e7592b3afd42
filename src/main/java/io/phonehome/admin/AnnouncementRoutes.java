package io.phonehome.admin;

import io.phonehome.http.HttpStatusException;
import io.phonehome.http.RequestBodies;
import io.phonehome.inventory.NotFoundException;
import io.phonehome.ivr.Announcement;
import io.phonehome.ivr.Announcements;
import io.phonehome.ivr.Ivr;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Announcements ({@code /api/v1/announcements/{name}}, {@code ?site=<id>} for a site's own):
 * uploaded as the request body in {@code audio/wav} (technician and above; at most
 * {@link Announcements#MAX_UPLOAD_BYTES}; a file the WAV reader refuses is a 422 with its reason),
 * listed for everyone, downloaded as the normalised 16 kHz WAV, deleted unless a menu plays it.
 */
final class AnnouncementRoutes {
    record AnnouncementView(String name, Long siteId, long durationMs, String uploadedBy, Instant uploadedAt) {
        static AnnouncementView of(Announcement a) {
            return new AnnouncementView(a.name(), a.siteId(), a.durationMillis(), a.uploadedBy(), a.uploadedAt());
        }
    }

    private static final Set<String> WAV_TYPES = Set.of("audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave");
    private final AdminContext ctx;
    private final Ivr ivr;

    AnnouncementRoutes(AdminContext ctx, Ivr ivr) {
        this.ctx = ctx;
        this.ivr = ivr;
    }

    void register(Router r) {
        r.get("/api/v1/announcements", Role.VIEWER, Set.of(), this::list);
        r.add("PUT", "/api/v1/announcements/{name}", Role.TECHNICIAN, Set.of("site"), this::upload);
        r.get("/api/v1/announcements/{name}", Role.TECHNICIAN, Set.of("site"), this::download);
        r.add("DELETE", "/api/v1/announcements/{name}", Role.TECHNICIAN, Set.of("site"), this::delete);
    }

    private Ivr ivr() {
        if (ivr == null) {
            throw HttpStatusException.notFound("announcements are not available on this server");
        }
        return ivr;
    }

    private static Long site(Call c) {
        return c.longQuery("site");
    }

    private void list(Call c) {
        c.ok(ivr().announcements().stream().map(AnnouncementView::of).toList());
    }

    private void upload(Call c) {
        String mt = RequestBodies.mediaType(c.exchange());
        if (!WAV_TYPES.contains(mt)) {
            throw HttpStatusException.unsupportedMediaType("send the announcement as audio/wav" + (mt.isEmpty() ? "" : ", not " + mt));
        }
        byte[] wav = RequestBodies.read(c.exchange(), Announcements.MAX_UPLOAD_BYTES, "an announcement is at most "
                + Announcements.MAX_UPLOAD_BYTES + " bytes");
        String name = c.path("name");
        Long site = site(c);
        boolean existed = ivr().announcements().stream().anyMatch(a -> a.name().equals(name) && java.util.Objects.equals(a.siteId(), site));
        AnnouncementView v = AnnouncementView.of(ivr().uploadAnnouncement(name, site, wav, c.actor().name()));
        ctx.audit().record(c.actor(), "announcement.upload", name + (site == null ? "" : " at site " + site), null,
                Map.of("duration_ms", v.durationMs(), "bytes", wav.length));
        c.header("Location", "/api/v1/announcements/" + name + (site == null ? "" : "?site=" + site));
        c.json(existed ? 200 : 201, v);
    }

    private void download(Call c) throws IOException {
        Announcement a = ivr().announcement(c.path("name"), site(c));
        byte[] wav;
        try {
            wav = Files.readAllBytes(ivr().announcementFile(a));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new NotFoundException("the audio of announcement " + a.name() + " is gone from the data directory");
        }
        c.header("Content-Disposition", "attachment; filename=\"" + a.name() + ".wav\"");
        c.bytes(200, "audio/wav", wav);
    }

    private void delete(Call c) {
        Announcement a = ivr().deleteAnnouncement(c.path("name"), site(c));
        ctx.audit().record(c.actor(), "announcement.delete", a.name() + (a.siteId() == null ? "" : " at site " + a.siteId()),
                AnnouncementView.of(a), null);
        c.noContent();
    }
}
