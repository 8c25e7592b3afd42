package io.phonehome.firmware;

import io.phonehome.actions.NotifyKind;
import io.phonehome.events.Event;
import io.phonehome.events.EventLog;
import io.phonehome.events.EventTypes;
import io.phonehome.inventory.Device;
import io.phonehome.inventory.FieldError;
import io.phonehome.inventory.Inventory;
import io.phonehome.inventory.Mac;
import io.phonehome.inventory.ModelInfo;
import io.phonehome.inventory.Site;
import io.phonehome.sip.location.Registrations;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Creating, starting, pausing, resuming and cancelling campaigns, and reading their progress.
 * The work itself (starting devices at the pace, following their signals) is the
 * {@link CampaignDriver}'s.
 *
 * <p>Creation checks everything first and writes the campaign and every one of its devices in
 * one transaction, so there is never a campaign without its record, nor half of one. Devices that
 * cannot take part are kept in the record as {@code skipped} with the reason (not in the
 * inventory, no site, no image of the version for its model, already on it, busy in another
 * campaign, not registered); when none can take part, the campaign is refused instead.
 */
public final class Campaigns {
    private final CampaignRepository repository;
    private final FirmwareCatalog catalog;
    private final Inventory inventory;
    private final Registrations registrations;
    private final EventLog events;
    private final Clock clock;

    /** @param registrations null when no SIP core is wired in: registration is then not checked up front (the NOTIFY result decides) */
    public Campaigns(CampaignRepository repository, FirmwareCatalog catalog, Inventory inventory, Registrations registrations, EventLog events,
                     Clock clock) {
        this.repository = repository;
        this.catalog = catalog;
        this.inventory = inventory;
        this.registrations = registrations;
        this.events = events;
        this.clock = clock;
    }

    public List<Campaign> list() {
        return repository.list(500);
    }

    public Campaign get(long id) {
        return repository.find(id).orElseThrow(() -> FirmwareException.notFound("campaign " + id + " does not exist"));
    }

    // ---------------------------------------------------------------- creation

    private record Candidate(Device device, Mac mac, String model, Long siteId, String skip) {
    }

    public CampaignProgress create(CampaignSpec spec, String actor) {
        List<FieldError> errors = new ArrayList<>();
        String version = spec.version() == null ? null : spec.version().trim();
        if (version == null || version.isEmpty()) {
            errors.add(FieldError.of("version", "the target version is required"));
        } else if (!Versions.isValid(version)) {
            errors.add(FieldError.of("version", "'" + Versions.abbreviate(version) + "' is not a firmware version"));
        }
        String name = spec.name() == null ? null : spec.name().trim();
        if (name != null && (name.isEmpty() || name.length() > 100 || name.chars().anyMatch(c -> c < 0x20))) {
            errors.add(FieldError.of("name", "1 to 100 printable characters"));
        }
        NotifyKind notify = NotifyKind.RESYNC;
        if (spec.notifyKind() != null) {
            switch (spec.notifyKind().trim().toLowerCase(Locale.ROOT)) {
                case "resync" -> notify = NotifyKind.RESYNC;
                case "reboot" -> notify = NotifyKind.REBOOT;
                default -> errors.add(FieldError.of("notify_kind", "must be resync or reboot"));
            }
        }
        range(errors, "canary_count", spec.canaryCount(), 0, Integer.MAX_VALUE);
        range(errors, "canary_percent", spec.canaryPercent(), 0, 100);
        if (spec.canaryCount() != null && spec.canaryPercent() != null) {
            errors.add(FieldError.of("canary_percent", "give canary_count or canary_percent, not both"));
        }
        range(errors, "canary_max_failure_percent", spec.canaryMaxFailurePercent(), 0, 100);
        range(errors, "per_minute", spec.perMinute(), 1, CampaignSpec.MAX_PER_MINUTE);
        range(errors, "max_concurrent", spec.maxConcurrent(), 1, CampaignSpec.MAX_CONCURRENT);
        range(errors, "device_timeout_seconds", spec.deviceTimeoutSeconds(), 1, CampaignSpec.MAX_DEVICE_TIMEOUT_SECONDS);
        if (spec.macs().isEmpty() && spec.models().isEmpty() && spec.sites().isEmpty()) {
            errors.add(FieldError.of("selection", "choose devices: macs, or models and/or sites"));
        }
        if (!spec.macs().isEmpty() && (!spec.models().isEmpty() || !spec.sites().isEmpty())) {
            errors.add(FieldError.of("selection", "give either macs or models/sites, not both"));
        }
        List<Mac> macs = new ArrayList<>();
        for (int i = 0; i < spec.macs().size(); i++) {
            Optional<Mac> m = Mac.tryParse(spec.macs().get(i));
            if (m.isEmpty()) {
                errors.add(FieldError.of("macs[" + i + "]", "'" + Versions.abbreviate(spec.macs().get(i)) + "' is not a MAC address"));
            } else if (!macs.contains(m.get())) {
                macs.add(m.get());
            }
        }
        Set<String> models = new LinkedHashSet<>();
        for (int i = 0; i < spec.models().size(); i++) {
            String m = spec.models().get(i) == null ? "" : spec.models().get(i).trim().toUpperCase(Locale.ROOT);
            if (inventory.models().findByName(m).isEmpty()) {
                errors.add(FieldError.of("models[" + i + "]", "'" + Versions.abbreviate(m) + "' is not a supported model"));
            }
            models.add(m);
        }
        Set<Long> sites = new LinkedHashSet<>();
        for (int i = 0; i < spec.sites().size(); i++) {
            Optional<Site> s = site(spec.sites().get(i));
            if (s.isEmpty()) {
                errors.add(FieldError.of("sites[" + i + "]", "no site named or numbered '" + Versions.abbreviate(spec.sites().get(i)) + "'"));
            } else {
                sites.add(s.get().id());
            }
        }
        if (!errors.isEmpty()) {
            throw FirmwareException.invalid(errors);
        }

        List<Candidate> candidates = select(macs, models, sites, version);
        if (candidates.isEmpty()) {
            throw FirmwareException.invalid(List.of(FieldError.of("selection", "the selection matches no device")));
        }
        // The version must exist in the catalog for the models chosen: otherwise the whole request is wrong, not one device.
        List<Candidate> eligible = candidates.stream().filter(c -> c.skip() == null).toList();
        if (eligible.isEmpty()) {
            Map<String, Long> reasons = candidates.stream().collect(Collectors.groupingBy(Candidate::skip, TreeMap::new, Collectors.counting()));
            boolean noImage = candidates.stream().allMatch(c -> c.skip().startsWith("no image"));
            String detail = reasons.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining("; "));
            throw FirmwareException.invalid(List.of(FieldError.of(noImage ? "version" : "selection", noImage
                    ? "version " + version + " does not exist in the catalog for " + candidates.stream().map(Candidate::model).distinct()
                            .sorted().collect(Collectors.joining(", ")) + knownVersions(candidates)
                    : "no device of the selection can be upgraded: " + detail)));
        }
        Set<String> vendors = eligible.stream().map(c -> c.device().vendor()).collect(Collectors.toCollection(LinkedHashSet::new));
        if (vendors.size() > 1) {
            throw FirmwareException.invalid(List.of(FieldError.of("selection", "one vendor per campaign: the selection has "
                    + String.join(", ", vendors) + " devices with an image of " + version)));
        }
        String vendor = vendors.iterator().next();
        int canary;
        if (spec.canaryCount() != null) {
            if (spec.canaryCount() > eligible.size()) {
                throw FirmwareException.invalid(List.of(FieldError.of("canary_count", "the campaign has " + eligible.size()
                        + " eligible device(s), fewer than the canary of " + spec.canaryCount())));
            }
            canary = spec.canaryCount();
        } else {
            int percent = spec.canaryPercent() == null ? CampaignSpec.DEFAULT_CANARY_PERCENT : spec.canaryPercent();
            canary = (int) Math.min(eligible.size(), (long) Math.ceil(eligible.size() * percent / 100.0));
        }

        Instant now = clock.instant();
        List<CampaignRepository.NewDevice> rows = new ArrayList<>();
        int position = 0;
        for (Candidate c : eligible) {
            rows.add(new CampaignRepository.NewDevice(c.device().id(), c.mac(), c.model(), c.siteId(), position, position < canary,
                    DeviceState.PENDING, "", c.device().reportedFirmware()));
            position++;
        }
        for (Candidate c : candidates) {
            if (c.skip() != null) {
                rows.add(new CampaignRepository.NewDevice(c.device() == null ? null : c.device().id(), c.mac(), c.model(), c.siteId(),
                        position++, false, DeviceState.SKIPPED, c.skip(), c.device() == null ? null : c.device().reportedFirmware()));
            }
        }
        String selection = selectionText(spec, macs, models, sites);
        String campaignName = name != null ? name : vendor + " " + version + " (" + eligible.size() + " devices)";
        long id = repository.insert(campaignName, vendor, version, selection, canary,
                spec.canaryMaxFailurePercent() == null ? CampaignSpec.DEFAULT_CANARY_MAX_FAILURE_PERCENT : spec.canaryMaxFailurePercent(),
                spec.perMinute() == null ? CampaignSpec.DEFAULT_PER_MINUTE : spec.perMinute(),
                spec.maxConcurrent() == null ? CampaignSpec.DEFAULT_MAX_CONCURRENT : spec.maxConcurrent(),
                spec.deviceTimeoutSeconds() == null ? CampaignSpec.DEFAULT_DEVICE_TIMEOUT_SECONDS : spec.deviceTimeoutSeconds(), notify, actor,
                now, rows);
        event(id, "created", actor, campaignName + ": " + eligible.size() + " device(s) to " + vendor + " " + version + ", canary " + canary
                + ", " + (candidates.size() - eligible.size()) + " skipped");
        return progress(id, true);
    }

    private String knownVersions(List<Candidate> candidates) {
        List<String> parts = new ArrayList<>();
        candidates.stream().filter(c -> c.device() != null).map(c -> c.device().vendor() + "/" + c.device().model()).distinct().sorted()
                .forEach(vm -> {
                    String[] p = vm.split("/");
                    List<String> vs = catalog.versions(p[0], p[1]);
                    parts.add(p[1] + ": " + (vs.isEmpty() ? "none" : String.join(", ", vs)));
                });
        return parts.isEmpty() ? "" : " (the catalog has " + String.join("; ", parts) + ")";
    }

    private List<Candidate> select(List<Mac> macs, Set<String> models, Set<Long> sites, String version) {
        List<Candidate> out = new ArrayList<>();
        if (!macs.isEmpty()) {
            for (Mac m : macs) {
                Device d = inventory.devices().findByMac(m).orElse(null);
                out.add(d == null ? new Candidate(null, m, "", null, "not in the inventory") : candidate(d, version));
            }
        } else {
            for (Device d : inventory.devices().list()) {
                if ((models.isEmpty() || models.contains(d.model())) && (sites.isEmpty() || (d.siteId() != null && sites.contains(d.siteId())))) {
                    out.add(candidate(d, version));
                }
            }
        }
        // busy in another unfinished campaign: one campaign per device at a time
        Map<String, Long> busy = new LinkedHashMap<>();
        for (Object[] b : repository.busy(out.stream().filter(c -> c.skip() == null).map(c -> c.mac().hex()).toList())) {
            busy.put((String) b[0], (Long) b[1]);
        }
        List<Candidate> result = new ArrayList<>();
        for (Candidate c : out) {
            Long other = busy.get(c.mac().hex());
            result.add(other != null && c.skip() == null ? new Candidate(c.device(), c.mac(), c.model(), c.siteId(), "in campaign " + other) : c);
        }
        return result;
    }

    private Candidate candidate(Device d, String version) {
        String skip = null;
        Optional<ModelInfo> model = inventory.models().find(d.vendor(), d.model());
        if (d.siteId() == null) {
            skip = "not assigned to a site (it gets no config)";
        } else if (model.isEmpty()) {
            skip = "model no longer supported";
        } else if (catalog.find(d.vendor(), d.model(), version, ImageKind.DEVICE).isEmpty()) {
            skip = "no image of " + version + " for " + d.model();
        } else if (Versions.same(d.reportedFirmware(), version)) {
            skip = "already reports " + version;
        } else if (registrations != null && registrations.forDevice(d.id()).isEmpty()) {
            skip = "not registered";
        }
        return new Candidate(d, d.mac(), d.model(), d.siteId(), skip);
    }

    private Optional<Site> site(String nameOrId) {
        if (nameOrId == null || nameOrId.isBlank()) {
            return Optional.empty();
        }
        String t = nameOrId.trim();
        if (t.matches("[0-9]{1,18}")) {
            Optional<Site> byId = inventory.sites().findById(Long.parseLong(t));
            if (byId.isPresent()) {
                return byId;
            }
        }
        return inventory.sites().findByName(t);
    }

    private static void range(List<FieldError> errors, String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            errors.add(FieldError.of(field, "must be between " + min + " and " + max));
        }
    }

    private static String selectionText(CampaignSpec spec, List<Mac> macs, Set<String> models, Set<Long> sites) {
        StringBuilder sb = new StringBuilder();
        if (!macs.isEmpty()) {
            sb.append("macs=").append(macs.stream().map(Mac::hex).collect(Collectors.joining(",")));
        }
        if (!models.isEmpty()) {
            sb.append(sb.length() > 0 ? " " : "").append("models=").append(String.join(",", models));
        }
        if (!sites.isEmpty()) {
            sb.append(sb.length() > 0 ? " " : "").append("sites=").append(sites.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        String s = sb.toString();
        return s.length() > 4000 ? s.substring(0, 3997) + "..." : s;
    }

    // ---------------------------------------------------------------- commands

    public Campaign start(long id, String actor) {
        return command(id, EnumSet.of(CampaignState.DRAFT), CampaignState.RUNNING, "started by " + actor, actor, "start");
    }

    public Campaign pause(long id, String actor) {
        return command(id, EnumSet.of(CampaignState.RUNNING), CampaignState.PAUSED, "paused by " + actor, actor, "pause");
    }

    /** Resumes a paused campaign, or one that halted itself: a person resuming after a canary halt accepts the canary. */
    public Campaign resume(long id, String actor) {
        Campaign c = get(id);
        if (c.state() == CampaignState.HALTED) {
            repository.markCanaryPassed(id);
        }
        return command(id, EnumSet.of(CampaignState.PAUSED, CampaignState.HALTED), CampaignState.RUNNING, "resumed by " + actor, actor,
                "resume");
    }

    /** Stops a campaign for good: devices not started yet are cancelled; devices under way are still followed to their end. */
    public Campaign cancel(long id, String actor) {
        Instant now = clock.instant();
        return repository.jdbc().inTransaction(() -> {
            Campaign c = command(id, EnumSet.of(CampaignState.DRAFT, CampaignState.RUNNING, CampaignState.PAUSED, CampaignState.HALTED),
                    CampaignState.CANCELLED, "cancelled by " + actor, actor, "cancel");
            repository.cancelPending(id, now);
            if (c.startedAt() == null || repository.inFlight(id).isEmpty()) {
                repository.markFinished(id, now);
            }
            return get(id);
        });
    }

    private Campaign command(long id, Set<CampaignState> from, CampaignState to, String reason, String actor, String verb) {
        Campaign before = get(id);
        if (!repository.changeState(id, from, to, reason, clock.instant())) {
            Campaign now = get(id);
            throw FirmwareException.conflict("cannot " + verb + " campaign " + id + ": it is " + now.state().lower()
                    + " (" + verb + " needs " + from.stream().map(CampaignState::lower).collect(Collectors.joining(" or ")) + ")");
        }
        event(id, to.lower(), actor, before.name() + ": " + reason);
        return get(id);
    }

    void event(long campaignId, String outcome, String actor, String detail) {
        events.record(Event.of(EventTypes.FIRMWARE_CAMPAIGN, outcome, null, null, actor, "campaign " + campaignId + " " + detail));
    }

    // ---------------------------------------------------------------- progress

    public CampaignProgress progress(long id, boolean withDevices) {
        Campaign c = get(id);
        Map<DeviceState, Integer> states = new EnumMap<>(DeviceState.class);
        Map<DeviceState, Integer> canary = new EnumMap<>(DeviceState.class);
        Map<String, Map<DeviceState, Integer>> models = new TreeMap<>();
        int total = 0;
        for (CampaignRepository.Count n : repository.counts(id)) {
            states.merge(n.state(), n.count(), Integer::sum);
            models.computeIfAbsent(n.model().isEmpty() ? "(unknown)" : n.model(), k -> new EnumMap<>(DeviceState.class))
                    .merge(n.state(), n.count(), Integer::sum);
            if (n.canary()) {
                canary.merge(n.state(), n.count(), Integer::sum);
            }
            total += n.count();
        }
        return new CampaignProgress(c, total, states, models, canary, withDevices ? repository.devices(id) : List.of());
    }

    /** Unfinished campaigns that would use this image (for the catalog's delete check). */
    List<Campaign> using(FirmwareImage image) {
        return repository.unfinishedWith(image.vendor(), image.version()).stream()
                .filter(c -> repository.unfinishedModels(c.id()).stream().anyMatch(image::isFor)).toList();
    }
}
