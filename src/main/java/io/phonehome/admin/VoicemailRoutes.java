package io.phonehome.admin;

import io.phonehome.http.HttpStatusException;
import io.phonehome.inventory.NotFoundException;
import io.phonehome.voicemail.Mailboxes;
import io.phonehome.voicemail.VoiceMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A line's mailbox ({@code /api/v1/lines/{extension}/voicemail}): its counts for everyone, its
 * messages (who called, when, how long) for technicians and admins, a message's audio as
 * {@code audio/wav}, and deleting a message, which updates the line's lamp. Viewers see counts
 * only: who called whom, and what they said, is the line user's business.
 */
final class VoicemailRoutes {
    record MessageView(long id, String caller, Instant startedAt, long durationMs, String state) {
    }

    record BoxView(String extension, long newMessages, long savedMessages, List<MessageView> messages) {
    }

    private final AdminContext ctx;
    private final Mailboxes boxes;

    VoicemailRoutes(AdminContext ctx, Mailboxes boxes) {
        this.ctx = ctx;
        this.boxes = boxes;
    }

    void register(Router r) {
        r.get("/api/v1/lines/{extension}/voicemail", Role.VIEWER, Set.of(), this::box);
        r.get("/api/v1/lines/{extension}/voicemail/{id}", Role.TECHNICIAN, Set.of(), this::audio);
        r.delete("/api/v1/lines/{extension}/voicemail/{id}", Role.TECHNICIAN, this::delete);
    }

    private Mailboxes boxes() {
        if (boxes == null) {
            throw HttpStatusException.notFound("voicemail needs the SIP core, which is off on this server");
        }
        return boxes;
    }

    private String extension(Call c) {
        String extension = c.path("extension");
        if (!boxes().isLine(extension)) {
            throw new NotFoundException("no line " + extension);
        }
        return extension;
    }

    private void box(Call c) {
        String extension = extension(c);
        Mailboxes.Counts counts = boxes().counts(extension);
        List<MessageView> messages = c.actor().role().allows(Role.TECHNICIAN)
                ? boxes().list(extension).stream().map(m -> new MessageView(m.id(), m.caller(), m.startedAt(), m.durationMillis(), m.state())).toList()
                : null;
        c.ok(new BoxView(extension, counts.newMessages(), counts.savedMessages(), messages));
    }

    private VoiceMessage message(Call c) {
        String extension = extension(c);
        long id = c.id("id");
        return boxes().message(extension, id).orElseThrow(() -> new NotFoundException("mailbox " + extension + " has no message " + id));
    }

    private void audio(Call c) throws IOException {
        VoiceMessage m = message(c);
        byte[] wav;
        try {
            wav = Files.readAllBytes(boxes().audio(m));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new NotFoundException("the audio of message " + m.id() + " is gone from the data directory");
        }
        c.header("Content-Disposition", "attachment; filename=\"voicemail-" + m.extension() + "-" + m.id() + ".wav\"");
        c.bytes(200, "audio/wav", wav);
    }

    private void delete(Call c) {
        VoiceMessage m = message(c);
        boxes().delete(m.extension(), m.id());
        ctx.audit().record(c.actor(), "line.voicemail_delete", "extension " + m.extension(), Map.of("message", m.id()), null);
        c.noContent();
    }
}
