package io.phonehome.admin;

import io.phonehome.firmware.Campaign;
import io.phonehome.firmware.CampaignDevice;
import io.phonehome.firmware.CampaignProgress;
import io.phonehome.firmware.CampaignSpec;
import io.phonehome.firmware.DeviceState;
import io.phonehome.firmware.Firmware;
import io.phonehome.firmware.FirmwareCatalog;
import io.phonehome.firmware.FirmwareImage;
import io.phonehome.firmware.FirmwareTarget;
import io.phonehome.firmware.ImageKind;
import io.phonehome.firmware.TargetScope;
import io.phonehome.http.HttpStatusException;
import io.phonehome.http.RequestBodies;
import io.phonehome.inventory.Device;
import io.phonehome.inventory.FieldError;
import io.phonehome.inventory.Mac;
import io.phonehome.inventory.NotFoundException;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Firmware: the catalog (list, upload with a SHA-256 the server checks, delete when unused),
 * target versions per model, per site and model, and per device, and upgrade campaigns (create,
 * start, pause, resume, cancel, progress per state and per model).
 */
final class FirmwareRoutes {
    private final AdminContext ctx;
    private final DeviceRoutes devices;

    FirmwareRoutes(AdminContext ctx, DeviceRoutes devices) {
        this.ctx = ctx;
        this.devices = devices;
    }

    void register(Router r) {
        r.get("/api/v1/firmware/images", Role.VIEWER, Set.of("vendor", "model"), this::images);
        r.post("/api/v1/firmware/images", Role.TECHNICIAN, Set.of("vendor", "name", "version", "models", "kind", "sha256"), this::upload);
        r.get("/api/v1/firmware/images/{id}", Role.VIEWER, Set.of(), this::image);
        r.delete("/api/v1/firmware/images/{id}", Role.TECHNICIAN, this::deleteImage);
        r.get("/api/v1/firmware/targets", Role.VIEWER, Set.of(), this::targets);
        r.put("/api/v1/firmware/targets/models/{vendor}/{model}", Role.TECHNICIAN, this::setModelTarget);
        r.delete("/api/v1/firmware/targets/models/{vendor}/{model}", Role.TECHNICIAN, this::clearModelTarget);
        r.put("/api/v1/firmware/targets/sites/{id}/{vendor}/{model}", Role.TECHNICIAN, this::setSiteTarget);
        r.delete("/api/v1/firmware/targets/sites/{id}/{vendor}/{model}", Role.TECHNICIAN, this::clearSiteTarget);
        r.put("/api/v1/devices/{mac}/firmware-target", Role.TECHNICIAN, this::setDeviceTarget);
        r.delete("/api/v1/devices/{mac}/firmware-target", Role.TECHNICIAN, this::clearDeviceTarget);
        r.get("/api/v1/firmware/campaigns", Role.VIEWER, Set.of(), this::campaigns);
        r.post("/api/v1/firmware/campaigns", Role.TECHNICIAN, Set.of(), this::createCampaign);
        r.get("/api/v1/firmware/campaigns/{id}", Role.VIEWER, Set.of("devices"), this::campaign);
        for (String verb : List.of("start", "pause", "resume", "cancel")) {
            r.post("/api/v1/firmware/campaigns/{id}/" + verb, Role.TECHNICIAN, Set.of(), c -> command(c, verb));
        }
    }

    private Firmware firmware() {
        return ctx.firmwareService();
    }

    // ---------------------------------------------------------------- views

    record ImageView(String id, String vendor, List<String> models, String version, String kind, String file, String root, long size,
                     String sha256, Instant modified, boolean manifest) {
        static ImageView of(FirmwareImage i) {
            return new ImageView(i.id(), i.vendor(), i.models(), i.version(), i.kind().lower(), i.relativePath(), i.root(), i.size(), i.sha256(),
                    i.modified(), i.manifest());
        }
    }

    record CatalogView(List<ImageView> images, List<FirmwareCatalog.Problem> problems) {
    }

    record TargetView(String scope, String vendor, String model, Long siteId, String mac, String version, Long campaignId, String setBy,
                      Instant setAt) {
    }

    record CampaignView(long id, String name, String vendor, String version, String state, String stateReason, String selection,
                        int canaryCount, int canaryMaxFailurePercent, boolean canaryPassed, int perMinute, int maxConcurrent,
                        int deviceTimeoutSeconds, String notifyKind, String createdBy, Instant createdAt, Instant startedAt, Instant finishedAt) {
        static CampaignView of(Campaign c) {
            return new CampaignView(c.id(), c.name(), c.vendor(), c.version(), c.state().lower(), c.stateReason(), c.selection(), c.canaryCount(),
                    c.canaryMaxFailurePercent(), c.canaryPassed(), c.perMinute(), c.maxConcurrent(), c.deviceTimeoutSeconds(),
                    c.notifyKind().name().toLowerCase(Locale.ROOT), c.createdBy(), c.createdAt(), c.startedAt(), c.finishedAt());
        }
    }

    record CampaignDeviceView(String mac, String model, Long siteId, boolean canary, String state, String detail, String fromVersion,
                              Instant notifiedAt, Instant downloadStartedAt, Instant downloadCompletedAt, long bytesSent, Instant rebootedAt,
                              Instant deadlineAt, Instant finishedAt) {
        static CampaignDeviceView of(CampaignDevice d) {
            return new CampaignDeviceView(d.mac().colons(), d.model(), d.siteId(), d.canary(), d.state().lower(), d.detail(), d.fromVersion(),
                    d.notifiedAt(), d.downloadStartedAt(), d.downloadCompletedAt(), d.bytesSent(), d.rebootedAt(), d.deadlineAt(), d.finishedAt());
        }
    }

    /** Counts with every state present (zeros included), so clients need no list of states. */
    record ProgressView(CampaignView campaign, int total, int finished, Map<String, Integer> states, Map<String, Map<String, Integer>> models,
                        Map<String, Integer> canary, List<CampaignDeviceView> devices) {
        static ProgressView of(CampaignProgress p) {
            Map<String, Map<String, Integer>> models = new LinkedHashMap<>();
            p.models().forEach((m, counts) -> models.put(m, counts(counts)));
            return new ProgressView(CampaignView.of(p.campaign()), p.total(), p.finished(), counts(p.states()), models, counts(p.canary()),
                    p.devices().stream().map(CampaignDeviceView::of).toList());
        }

        private static Map<String, Integer> counts(Map<DeviceState, Integer> m) {
            Map<String, Integer> out = new LinkedHashMap<>();
            for (DeviceState s : DeviceState.values()) {
                out.put(s.lower(), m.getOrDefault(s, 0));
            }
            return out;
        }
    }

    record TargetInput(String version) {
    }

    record CampaignInput(String name, String version, List<String> macs, List<String> models, List<String> sites, List<Long> siteIds,
                         Integer canaryCount, Integer canaryPercent, Integer canaryMaxFailurePercent, Integer perMinute, Integer maxConcurrent,
                         Integer deviceTimeoutSeconds, String notifyKind) {
    }

    private TargetView view(FirmwareTarget t) {
        String mac = t.deviceId() == null ? null : ctx.inventory().devices().findById(t.deviceId()).map(d -> d.mac().colons()).orElse(null);
        return new TargetView(t.scope().lower(), t.vendor(), t.model(), t.siteId(), mac, t.version(), t.campaignId(), t.setBy(), t.setAt());
    }

    // ---------------------------------------------------------------- catalog

    private void images(Call c) {
        String vendor = c.query("vendor").map(v -> v.toLowerCase(Locale.ROOT)).orElse(null);
        String model = c.query("model").orElse(null);
        List<ImageView> list = firmware().catalog().list().stream()
                .filter(i -> vendor == null || i.vendor().equals(vendor))
                .filter(i -> model == null || i.isFor(model))
                .map(ImageView::of).toList();
        c.ok(new CatalogView(list, firmware().catalog().problems()));
    }

    private void image(Call c) {
        FirmwareImage i = firmware().catalog().byId(c.path("id"))
                .orElseThrow(() -> new NotFoundException("no firmware image with id " + c.path("id")));
        c.ok(ImageView.of(i));
    }

    /**
     * The image's bytes as the body ({@code application/octet-stream}), what it is in the query.
     * Streamed to disk, never held in memory; the catalog checks the SHA-256 before keeping it.
     */
    private void upload(Call c) throws IOException {
        HttpServerExchange ex = c.exchange();
        String mt = RequestBodies.mediaType(ex);
        if (!mt.equals("application/octet-stream")) {
            throw HttpStatusException.unsupportedMediaType("send the image as application/octet-stream" + (mt.isEmpty() ? "" : ", not " + mt));
        }
        List<FieldError> errors = new ArrayList<>();
        String vendor = c.query("vendor").orElse(null);
        String name = c.query("name").orElse(null);
        String sha = c.query("sha256").orElse(null);
        if (vendor == null) {
            errors.add(FieldError.of("vendor", "is required"));
        }
        if (name == null) {
            errors.add(FieldError.of("name", "is required: the image's file name"));
        }
        if (sha == null) {
            errors.add(FieldError.of("sha256", "is required: the SHA-256 of the image, so a corrupted transfer is refused"));
        }
        ImageKind kind = null;
        if (c.query("kind").isPresent()) {
            try {
                kind = ImageKind.parse(c.query("kind").get());
            } catch (RuntimeException e) {
                errors.add(FieldError.of("kind", e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw Errors.validation(errors);
        }
        long max = firmware().maxUploadBytes();
        if (ex.getRequestContentLength() > max) {
            throw HttpStatusException.tooLarge("the image is larger than " + max + " bytes (firmware_max_upload_bytes)");
        }
        ex.setMaxEntitySize(max + 1);
        if (!ex.isBlocking()) {
            ex.startBlocking();
        }
        List<String> models = c.query("models").map(m -> Arrays.stream(m.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
        FirmwareImage img;
        try (InputStream in = ex.getInputStream()) {
            img = firmware().addImage(new FirmwareCatalog.Upload(vendor, name, c.query("version").orElse(null), models, kind, sha), in,
                    c.actor().name());
        }
        ImageView v = ImageView.of(img);
        ctx.audit().record(c.actor(), "firmware.image.add", img.id(), null, v);
        c.header("Location", "/api/v1/firmware/images/" + img.id());
        c.json(201, v);
    }

    private void deleteImage(Call c) {
        FirmwareImage img = firmware().deleteImage(c.path("id"), c.actor().name());
        ctx.audit().record(c.actor(), "firmware.image.delete", img.id(), ImageView.of(img), null);
        c.noContent();
    }

    // ---------------------------------------------------------------- targets

    private void targets(Call c) {
        c.ok(firmware().targets().list().stream().map(this::view).toList());
    }

    private String version(Call c) {
        TargetInput in = c.body(TargetInput.class);
        if (in.version() == null || in.version().isBlank()) {
            throw Errors.validation(List.of(FieldError.of("version", "is required")));
        }
        return in.version().trim();
    }

    private void setModelTarget(Call c) {
        FirmwareTarget t = firmware().targets().setForModel(c.path("vendor"), c.path("model"), version(c), c.actor().name());
        TargetView v = view(t);
        ctx.audit().record(c.actor(), "firmware.target.set", "model " + t.vendor() + "/" + t.model(), null, v);
        c.ok(v);
    }

    private void clearModelTarget(Call c) {
        FirmwareTarget t = firmware().targets().clear(TargetScope.MODEL, c.path("vendor"), c.path("model"), null, null);
        ctx.audit().record(c.actor(), "firmware.target.clear", "model " + t.vendor() + "/" + t.model(), view(t), null);
        c.noContent();
    }

    private void setSiteTarget(Call c) {
        long site = c.id("id");
        FirmwareTarget t = firmware().targets().setForSite(site, c.path("vendor"), c.path("model"), version(c), c.actor().name());
        TargetView v = view(t);
        ctx.audit().record(c.actor(), "firmware.target.set", "site " + site + " " + t.vendor() + "/" + t.model(), null, v);
        c.ok(v);
    }

    private void clearSiteTarget(Call c) {
        long site = c.id("id");
        FirmwareTarget t = firmware().targets().clear(TargetScope.SITE, c.path("vendor"), c.path("model"), site, null);
        ctx.audit().record(c.actor(), "firmware.target.clear", "site " + site + " " + t.vendor() + "/" + t.model(), view(t), null);
        c.noContent();
    }

    private void setDeviceTarget(Call c) {
        Device d = devices.find(c.mac("mac"));
        FirmwareTarget t = firmware().targets().setForDevice(d.mac(), version(c), c.actor().name());
        TargetView v = view(t);
        ctx.audit().record(c.actor(), "firmware.target.set", d.mac().colons(), null, v);
        c.ok(v);
    }

    private void clearDeviceTarget(Call c) {
        Mac mac = devices.find(c.mac("mac")).mac();
        FirmwareTarget t = firmware().targets().clear(TargetScope.DEVICE, null, null, null, mac);
        ctx.audit().record(c.actor(), "firmware.target.clear", mac.colons(), view(t), null);
        c.noContent();
    }

    // ---------------------------------------------------------------- campaigns

    private void campaigns(Call c) {
        c.ok(firmware().campaigns().list().stream().map(CampaignView::of).toList());
    }

    private void campaign(Call c) {
        c.ok(ProgressView.of(firmware().campaigns().progress(c.id("id"), Boolean.TRUE.equals(c.boolQuery("devices")))));
    }

    private void createCampaign(Call c) {
        CampaignInput in = c.body(CampaignInput.class);
        List<String> sites = new ArrayList<>();
        if (in.sites() != null) {
            sites.addAll(in.sites());
        }
        if (in.siteIds() != null) {
            in.siteIds().forEach(id -> sites.add(String.valueOf(id)));
        }
        CampaignProgress p = firmware().campaigns().create(new CampaignSpec(in.name(), in.version(), in.macs(), in.models(), sites,
                in.canaryCount(), in.canaryPercent(), in.canaryMaxFailurePercent(), in.perMinute(), in.maxConcurrent(),
                in.deviceTimeoutSeconds(), in.notifyKind()), c.actor().name());
        ProgressView v = ProgressView.of(p);
        ctx.audit().record(c.actor(), "firmware.campaign.create", "campaign " + p.campaign().id(), null, v.campaign());
        c.header("Location", "/api/v1/firmware/campaigns/" + p.campaign().id());
        c.json(201, v);
    }

    private void command(Call c, String verb) {
        long id = c.id("id");
        Campaign before = firmware().campaigns().get(id);
        Campaign after = switch (verb) {
            case "start" -> firmware().campaigns().start(id, c.actor().name());
            case "pause" -> firmware().campaigns().pause(id, c.actor().name());
            case "resume" -> firmware().campaigns().resume(id, c.actor().name());
            default -> firmware().campaigns().cancel(id, c.actor().name());
        };
        ctx.audit().record(c.actor(), "firmware.campaign." + verb, "campaign " + id, Map.of("state", before.state().lower()),
                Map.of("state", after.state().lower()));
        c.ok(ProgressView.of(firmware().campaigns().progress(id, false)));
    }
}
