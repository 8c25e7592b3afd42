package io.phonehome.admin;

import io.phonehome.config.Setting;
import io.phonehome.events.Event;
import io.phonehome.events.EventQuery;
import io.phonehome.events.EventTypes;
import io.phonehome.firmware.FirmwareTargets;
import io.phonehome.firmware.Versions;
import io.phonehome.http.HttpStatusException;
import io.phonehome.inventory.Device;
import io.phonehome.inventory.Mac;
import io.phonehome.inventory.ModelInfo;
import io.phonehome.inventory.Redirect;
import io.phonehome.inventory.ServedFile;
import io.phonehome.inventory.Site;
import io.phonehome.phones.ConfigFiles;
import io.phonehome.phones.ConfigModel;
import io.phonehome.phones.FetchRequest;
import io.phonehome.phones.FileKind;
import io.phonehome.phones.PhoneAnswer;
import io.phonehome.phones.RenderException;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a phone gets and how it is doing:
 * <ul>
 * <li>{@code GET /api/v1/devices/{mac}/files/{name}}: exactly the bytes the device would get for
 *     that file on its next fetch: the phone listener's resolver answers it
 *     ({@link io.phonehome.phones.DeviceFilePreview}), for the origin (base URL, host) it last
 *     fetched from and the firmware it last reported;</li>
 * <li>{@code .../files/{name}/diff}: the unified diff from the bytes it last fetched (kept by the
 *     provisioning handler's fetch recorder);</li>
 * <li>{@code .../files}: its per-MAC files, the template each resolves to, changed or not;</li>
 * <li>{@code .../diagnostics}: last fetch, last address, reported vs target firmware, templates,
 *     render errors, registrations.</li>
 * </ul>
 * A file that only a User-Agent can identify (a per-model common file whose name does not say the
 * model) cannot be previewed.
 */
final class PreviewRoutes {

    private final AdminContext ctx;
    private final DeviceRoutes devices;
    private final java.util.function.IntSupplier phonePort;

    PreviewRoutes(AdminContext ctx, DeviceRoutes devices, java.util.function.IntSupplier phonePort) {
        this.ctx = ctx;
        this.devices = devices;
        this.phonePort = phonePort;
    }

    void register(Router r) {
        r.get("/api/v1/devices/{mac}/files", Role.TECHNICIAN, Set.of(), this::files);
        r.get("/api/v1/devices/{mac}/files/{name}", Role.TECHNICIAN, Set.of(), this::preview);
        r.get("/api/v1/devices/{mac}/files/{name}/diff", Role.TECHNICIAN, Set.of(), this::diff);
        r.get("/api/v1/devices/{mac}/diagnostics", Role.VIEWER, Set.of(), this::diagnostics);
    }

    /** A rendered file and what it was rendered for. */
    private record Preview(ConfigFiles.Rendered rendered, ConfigFiles.Origin origin, String template) {
    }

    /**
     * What the phone listener's resolver answers the device for this file from the origin it last
     * used; nothing here decides redirect, file kind, template or bytes. An answer that is not
     * bytes becomes the API error that says the same.
     */
    private Preview render(Device d, String name, Call c) {
        ConfigFiles.Origin origin = origin(d, name, c);
        PhoneAnswer answer = ctx.previews().previewFor(d, name, origin);
        if (answer instanceof PhoneAnswer.Serve s) {
            return new Preview(s.file(), origin, ctx.configFiles().resolveTemplate(d.vendor(), s.template(), d));
        }
        if (answer instanceof PhoneAnswer.NotFound n) {
            throw HttpStatusException.notFound(n.reason());
        }
        if (answer instanceof PhoneAnswer.Refused r) {
            throw new HttpStatusException(r.status(), r.reason());
        }
        if (answer instanceof PhoneAnswer.RenderFailed f) {
            throw new RenderException(f.message());
        }
        throw new IllegalStateException("a preview is answered as proved, not with " + answer);
    }

    /**
     * The origin the device last fetched this file (or any file) from, so the preview is byte for
     * byte what it gets; for a device that never fetched, the public host (or the host this API
     * was reached under) on the phone port.
     */
    private ConfigFiles.Origin origin(Device d, String name, Call c) {
        Optional<ServedFile> last = ctx.inventory().servedFiles().find(d.mac(), name);
        if (last.isEmpty()) {
            last = ctx.inventory().servedFiles().byDevice(d.mac()).stream().findFirst();
        }
        if (last.isPresent()) {
            return new ConfigFiles.Origin(last.get().baseUrl(), last.get().serverHost());
        }
        String host = ctx.settings().string(Setting.PUBLIC_HOST);
        if (host.isEmpty()) {
            String h = c.exchange().getHostName();
            host = h == null || h.isEmpty() ? "127.0.0.1" : h;
        }
        String hostInUrl = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return new ConfigFiles.Origin("https://" + hostInUrl + ":" + phonePort.getAsInt() + "/", host);
    }

    private void preview(Call c) {
        Device d = devices.find(c.mac("mac"));
        Preview p = render(d, c.path("name"), c);
        c.exchange().getResponseHeaders().put(Headers.ETAG, p.rendered().etag());
        c.header("X-Phonehome-Base-Url", p.origin().baseUrl());
        c.header("X-Phonehome-Template", p.template());
        c.bytes(200, p.rendered().contentType(), p.rendered().body());
    }

    record LastFetched(Instant since, String etag, String baseUrl) {
    }

    record DiffView(String file, String currentEtag, LastFetched lastFetched, boolean changed, String diff) {
    }

    private void diff(Call c) {
        Device d = devices.find(c.mac("mac"));
        String name = c.path("name");
        Preview p = render(d, name, c);
        Optional<ServedFile> last = ctx.inventory().servedFiles().find(d.mac(), name);
        String now = new String(p.rendered().body(), StandardCharsets.UTF_8);
        if (last.isEmpty()) {
            c.ok(new DiffView(name, p.rendered().etag(), null, true,
                    LineDiff.unified("/dev/null (never fetched)", name + " (now)", "", now)));
            return;
        }
        ServedFile s = last.get();
        String before = new String(s.body(), StandardCharsets.UTF_8);
        boolean changed = !s.etag().equals(p.rendered().etag());
        c.ok(new DiffView(name, p.rendered().etag(), new LastFetched(s.since(), s.etag(), s.baseUrl()), changed,
                changed ? LineDiff.unified(name + " (last fetched " + s.since() + ")", name + " (now)", before, now) : ""));
    }

    /**
     * Each per-MAC file of the device as the resolver answers it now (a file that cannot be
     * rendered as its error's text, so a change that breaks or mends it shows too): what a
     * change of a layered setting is measured with.
     */
    Map<String, String> currentFiles(Device d, Call c) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : fileNames(d)) {
            try {
                out.put(name, new String(render(d, name, c).rendered().body(), StandardCharsets.UTF_8));
            } catch (RenderException | HttpStatusException e) {
                out.put(name, "(not served: " + e.getMessage() + ")");
            }
        }
        return out;
    }

    /** The device's per-MAC files: the names its plug-in says its phones ask for (and recognises as that device's), plus any it was served. */
    private List<String> fileNames(Device d) {
        Set<String> names = new LinkedHashSet<>();
        List<String> asked = ctx.configFiles().vendors().plugin(d.vendor()).map(p -> p.deviceFiles(d.mac(), d.model())).orElse(List.of());
        for (String n : asked) {
            ctx.configFiles().vendors().identifyAs(d.vendor(), new FetchRequest(n, "", ""))
                    .filter(id -> id.kind() == FileKind.DEVICE && d.mac().equals(id.mac()))
                    .ifPresent(id -> names.add(n));
        }
        for (ServedFile s : ctx.inventory().servedFiles().byDevice(d.mac())) {
            names.add(s.fileName());
        }
        return new ArrayList<>(names);
    }

    record FileView(String name, String template, String currentEtag, String renderError, Instant lastFetchedSince, String lastFetchedEtag,
                    boolean changed) {
    }

    private List<FileView> fileViews(Device d, Call c) {
        Map<String, ServedFile> served = new LinkedHashMap<>();
        for (ServedFile s : ctx.inventory().servedFiles().byDevice(d.mac())) {
            served.put(s.fileName(), s);
        }
        List<FileView> out = new ArrayList<>();
        for (String name : fileNames(d)) {
            ServedFile s = served.get(name);
            String etag = null;
            String error = null;
            String template = null;
            try {
                Preview p = render(d, name, c);
                etag = p.rendered().etag();
                template = p.template();
            } catch (RenderException e) {
                error = e.getMessage();
            } catch (HttpStatusException e) {
                error = e.getMessage();
            }
            out.add(new FileView(name, template, etag, error, s == null ? null : s.since(), s == null ? null : s.etag(),
                    s == null || etag == null || !s.etag().equals(etag)));
        }
        return out;
    }

    private void files(Call c) {
        Device d = devices.find(c.mac("mac"));
        c.ok(fileViews(d, c));
    }

    record EventView(long id, Instant at, String type, String outcome, String mac, Long siteId, String source, String detail) {
        static EventView of(Event e) {
            return new EventView(e.id(), e.at(), e.type(), e.outcome(), e.mac() == null ? null : new Mac(e.mac()).colons(), e.siteId(),
                    e.source(), e.detail());
        }
    }

    record FirmwareView(String reported, String target, String targetUrl, String status) {
    }

    record Diagnostics(String mac, String vendor, String model, Views.SiteRef site, String redirectUrl, Instant lastSeen, String lastAddress,
                       String reportedModel, Views.SiteCredentialView siteCredential, FirmwareView firmware, EventView lastFetch, EventView lastProblem, EventView lastRenderError,
                       List<FileView> files, List<Views.RegistrationView> registrations, List<Views.Problem> problems) {
    }

    private void diagnostics(Call c) {
        Device d = devices.find(c.mac("mac"));
        Site site = d.siteId() == null ? null : ctx.inventory().sites().findById(d.siteId()).orElse(null);
        Redirect redirect = site == null ? ctx.inventory().redirects().find(d.id()).orElse(null) : null;
        ModelInfo model = ctx.inventory().models().find(d.vendor(), d.model()).orElse(null);
        // The target itself comes from the firmware targets (the resolver answers only while an
        // upgrade is due, so on the target it would say nothing); the URL is what the next config
        // names, a download capability, so viewers do not see it.
        FirmwareView fw;
        Optional<FirmwareTargets.Effective> target = site == null ? Optional.empty() : ctx.firmwareService().targets().effective(d, site);
        if (target.isPresent()) {
            boolean same = Versions.same(d.reportedFirmware(), target.get().version());
            Optional<ConfigModel.FirmwareInfo> due = model == null || same ? Optional.empty()
                    : ctx.firmware().target(model, d, site, d.reportedFirmware(), origin(d, "", c).baseUrl());
            fw = new FirmwareView(d.reportedFirmware(), target.get().version(),
                    c.seesSecrets() ? due.map(ConfigModel.FirmwareInfo::url).orElse(null) : null, same ? "up_to_date" : "upgrade_pending");
        } else {
            fw = new FirmwareView(d.reportedFirmware(), null, null, "no_target");
        }
        Long customer = c.actor().customerId();
        EventView lastFetch = latest(d, EventTypes.CONFIG_FETCH, customer);
        EventView lastRender = latest(d, EventTypes.RENDER_ERROR, customer);
        EventView lastProblem = newest(java.util.Arrays.asList(latest(d, EventTypes.AUTH_FAILURE, customer), latest(d, EventTypes.BAD_REQUEST, customer),
                lastRender));
        boolean fileRights = c.actor().role().allows(Role.TECHNICIAN);
        c.ok(new Diagnostics(d.mac().colons(), d.vendor(), d.model(), Views.SiteRef.of(site), redirect == null ? null : redirect.url(),
                d.lastSeen(), d.lastAddress(), d.reportedModel(), Views.SiteCredentialView.of(d, Instant.now()), fw, lastFetch, lastProblem, lastRender,
                fileRights ? fileViews(d, c) : List.of(),
                ctx.registrations().everywhereForDevice(d.id()).stream().map(Views.RegistrationView::of).toList(),
                Views.Problem.of(d, ctx.inventory().lines().byDevice(d.id()).size(), ctx.inventory().models())));
    }

    /** The device's latest event of a type; for a customer token, of that customer's sites only (a device can change hands). */
    private EventView latest(Device d, String type, Long customerId) {
        List<Event> e = ctx.events().query(new EventQuery(d.mac().hex(), null, type, null, null, null, 1, customerId));
        return e.isEmpty() ? null : EventView.of(e.get(0));
    }

    private static EventView newest(List<EventView> events) {
        EventView best = null;
        for (EventView e : events) {
            if (e != null && (best == null || e.at().isAfter(best.at()))) {
                best = e;
            }
        }
        return best;
    }
}
