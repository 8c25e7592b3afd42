package io.phonehome.commissioning;

import io.phonehome.actions.Pacer;
import io.phonehome.errors.Conflict;
import io.phonehome.errors.NotFound;
import io.phonehome.errors.PhonehomeException;
import io.phonehome.events.Event;
import io.phonehome.events.EventTypes;
import io.phonehome.inventory.CsvTable;
import io.phonehome.inventory.Device;
import io.phonehome.inventory.FieldError;
import io.phonehome.inventory.Inventory;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.Site;
import io.phonehome.inventory.ValidationException;
import io.phonehome.media.Caller;
import io.phonehome.prompts.Prompts;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commissioning runs: started over a site's lines or a CSV list, paced by a {@link Pacer}
 * ({@code commission_calls_per_second}, {@code commission_calls_at_once}), each line called through
 * the {@link CallPlacer} with a {@link CommissioningScript}, each result written to the database as
 * it comes (so {@code status} shows progress and a report is what the database holds) and recorded
 * as a {@code commissioning} event. One run per site at a time, and one per line: a second run
 * that would call a line a running run calls is refused (409), since both would ring the same
 * phone and the installer could not tell whose 1 it was.
 */
public final class Commissioning implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Commissioning.class);
    /** The largest list one run takes. */
    public static final int MAX_LINES = 5000;
    static final Set<String> CSV_COLUMNS = Set.of("extension", "note", "customer");

    /** How a run calls: ring and confirm timeouts, in milliseconds. */
    public record Options(long ringMillis, long confirmMillis) {
    }

    /** A run would call lines a running run calls. */
    public static final class AlreadyRunning extends PhonehomeException implements Conflict {
        AlreadyRunning(String message) {
            super(message);
        }
    }

    /** No such run. */
    public static final class NoRun extends PhonehomeException implements NotFound {
        NoRun(long id) {
            super("no commissioning run " + id);
        }
    }

    private final Inventory inventory;
    private final CommissioningRepository runs;
    private final Consumer<Event> events;
    private final Pacer pacer;
    private final Supplier<CallPlacer> placer;
    private final Prompts prompts;
    private final Options options;
    private final Clock clock;
    private final Map<Long, ActiveRun> active = new ConcurrentHashMap<>();

    public Commissioning(Inventory inventory, CommissioningRepository runs, Consumer<Event> events, Pacer pacer, Supplier<CallPlacer> placer,
                         Prompts prompts, Options options, Clock clock) {
        this.inventory = inventory;
        this.runs = runs;
        this.events = events;
        this.pacer = pacer;
        this.placer = placer;
        this.prompts = prompts;
        this.options = options;
        this.clock = clock;
        int interrupted = runs.interruptRunning(clock.instant());
        if (interrupted > 0) {
            log.warn("{} commissioning run(s) were running when the server stopped: marked interrupted", interrupted);
        }
    }

    /** Every line of every device of the site, in the order of their extensions. */
    public Run startSite(long siteId, String requestedBy) {
        Site site = inventory.sites().findById(siteId).orElseThrow(() -> new NotFoundSite("site " + siteId + " does not exist"));
        List<Target> targets = new ArrayList<>();
        for (Device d : inventory.devices().list()) {
            if (d.siteId() != null && d.siteId() == siteId) {
                for (Line l : inventory.lines().byDevice(d.id())) {
                    targets.add(new Target(l, d, null));
                }
            }
        }
        targets.sort(java.util.Comparator.comparing((Target t) -> t.line.extension().length()).thenComparing(t -> t.line.extension()));
        if (targets.isEmpty()) {
            throw new ValidationException(List.of(FieldError.of("site_id", "site " + site.name() + " has no lines to call")));
        }
        return start(site, "site " + site.name(), targets, requestedBy);
    }

    /**
     * The lines of a CSV list: a column {@code extension}, an optional {@code note} and an
     * optional {@code customer} (id or slug; needed for an extension several customers have),
     * comma or semicolon separated.
     */
    public Run startList(String csv, String requestedBy) {
        List<FieldError> errors = new ArrayList<>();
        CsvTable table;
        try {
            table = CsvTable.parse(new StringReader(csv), CSV_COLUMNS, Set.of("extension"), MAX_LINES, errors);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        List<Target> targets = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (CsvTable.Row row : table.rows()) {
            String ext = row.get("extension");
            if (ext.isEmpty()) {
                errors.add(new FieldError(row.number(), "extension", "is empty"));
                continue;
            }
            if (!seen.add(ext)) {
                errors.add(new FieldError(row.number(), "extension", ext + " appears twice in the list"));
                continue;
            }
            String note = row.get("note");
            if (note.length() > 200) {
                errors.add(new FieldError(row.number(), "note", "is longer than 200 characters"));
                continue;
            }
            // an extension several customers have is named with its customer (issue 17): id or slug
            String customer = row.get("customer");
            Optional<Line> line;
            if (customer.isEmpty()) {
                line = inventory.lines().byExtension(ext);
                if (line.isEmpty() && inventory.lines().anyHas(ext)) {
                    errors.add(new FieldError(row.number(), "extension", ext + " is a line of several customers: name its customer (column customer)"));
                    continue;
                }
            } else {
                Optional<io.phonehome.inventory.Customer> c = customer.matches("[0-9]{1,18}")
                        ? inventory.customers().findById(Long.parseLong(customer)) : inventory.customers().findBySlug(customer);
                if (c.isEmpty()) {
                    errors.add(new FieldError(row.number(), "customer", "no customer " + customer));
                    continue;
                }
                line = inventory.lines().byExtension(c.get().id(), ext);
            }
            Optional<Device> device = line.flatMap(l -> inventory.devices().findById(l.deviceId()));
            if (device.isEmpty()) {
                errors.add(new FieldError(row.number(), "extension", "no line " + ext + " in the inventory"));
                continue;
            }
            targets.add(new Target(line.get(), device.get(), note.isEmpty() ? null : note));
        }
        if (targets.isEmpty() && errors.isEmpty()) {
            errors.add(FieldError.of("extension", "the list has no lines"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Set<Long> sites = new LinkedHashSet<>();
        targets.forEach(t -> sites.add(t.device.siteId() == null ? 0L : t.device.siteId()));
        Site site = sites.size() == 1 && !sites.contains(0L) ? inventory.sites().findById(sites.iterator().next()).orElse(null) : null;
        return start(site, "list of " + targets.size() + " line(s)", targets, requestedBy);
    }

    private static final class NotFoundSite extends PhonehomeException implements NotFound {
        NotFoundSite(String message) {
            super(message);
        }
    }

    private record Target(Line line, Device device, String note) {
    }

    private synchronized Run start(Site site, String source, List<Target> targets, String requestedBy) {
        Set<String> extensions = new java.util.HashSet<>();
        targets.forEach(t -> extensions.add(t.line.extension()));
        for (ActiveRun a : active.values()) {
            if (site != null && a.siteId != null && a.siteId == site.id()) {
                throw new AlreadyRunning("commissioning run " + a.id + " is running on site " + site.name() + "; cancel it or wait for its end");
            }
            for (RunLine l : a.lines) {
                if (extensions.contains(l.extension())) {
                    throw new AlreadyRunning("commissioning run " + a.id + " is calling line " + l.extension() + "; cancel it or wait for its end");
                }
            }
        }
        Instant now = clock.instant();
        List<RunLine> lines = new ArrayList<>();
        Map<Integer, Caller> parties = new HashMap<>();
        Map<Long, String> languages = new HashMap<>();
        int position = 0;
        for (Target t : targets) {
            position++;
            String displayName = t.line.displayName() == null ? "" : t.line.displayName();
            lines.add(new RunLine(position, t.line.extension(), t.note, displayName, t.device.mac().colons(), t.device.model(), LineResult.PENDING,
                    null, null, null, null, null, null, null));
            long siteId = t.device.siteId() == null ? 0 : t.device.siteId();
            String lang = languages.computeIfAbsent(siteId, id -> id == 0 ? "en"
                    : inventory.sites().findById(id).map(Site::language).filter(l -> l != null && !l.isBlank()).orElse("en"));
            parties.put(position, new Caller(t.line.id(), t.device.id(), siteId, t.line.extension(), displayName, lang, false,
                    t.line.customerId()));
        }
        Long siteId = site == null ? null : site.id();
        String siteName = site == null ? null : site.name();
        long id = runs.insert(siteId, siteName, source, requestedBy, now, lines);
        ActiveRun run = new ActiveRun(id, siteId, lines, parties);
        active.put(id, run);
        pacer.add(run);
        events.accept(Event.of(EventTypes.COMMISSIONING, "started", null, siteId, requestedBy, "run " + id + " over " + source));
        log.info("commissioning run {} over {} started by {}", id, source, requestedBy);
        return find(id);
    }

    public Run find(long id) {
        return runs.find(id).orElseThrow(() -> new NoRun(id));
    }

    /** Runs, newest first (without their lines). */
    public List<Run> list() {
        return runs.list(100);
    }

    /**
     * Stops placing calls: lines not called yet become {@code cancelled}; calls under way end as
     * they would. False when the run is not running.
     */
    public boolean cancel(long id, String by) {
        find(id);
        ActiveRun run = active.get(id);
        if (run == null) {
            return false;
        }
        boolean cancelled = run.cancel();
        if (cancelled) {
            events.accept(Event.of(EventTypes.COMMISSIONING, "cancel", null, run.siteId, by, "run " + id + " cancelled"));
        }
        return cancelled;
    }

    @Override
    public void close() {
        pacer.close();
    }

    /** A running run: its lines in memory (the rows are written as results come), the ones left to call. */
    private final class ActiveRun implements Pacer.Work {
        final long id;
        final Long siteId;
        final RunLine[] lines;
        final Map<Integer, Caller> parties;
        final Deque<Integer> pending = new ArrayDeque<>();
        int underWay;
        boolean cancelled;
        boolean ended;

        ActiveRun(long id, Long siteId, List<RunLine> lines, Map<Integer, Caller> parties) {
            this.id = id;
            this.siteId = siteId;
            this.lines = lines.toArray(new RunLine[0]);
            this.parties = parties;
            for (RunLine l : lines) {
                pending.add(l.position());
            }
        }

        @Override
        public boolean startNext(Runnable over) {
            int position;
            synchronized (this) {
                if (cancelled || pending.isEmpty()) {
                    return false;
                }
                position = pending.poll();
                underWay++;
            }
            CommissioningScript script = new CommissioningScript(prompts, options.confirmMillis(), clock);
            Caller party = parties.get(position);
            try {
                placer.get().place(party, options.ringMillis(), script, placed -> {
                    try {
                        called(position, placed, script.confirmedAt());
                    } finally {
                        over.run();
                    }
                });
            } catch (RuntimeException e) {
                log.warn("commissioning run {}: calling {} failed: {}", id, party.extension(), e.toString(), e);
                Instant now = clock.instant();
                called(position, new CallPlacer.Placed(CallPlacer.Outcome.FAILED, now, null, now, null, null, "could not call: " + e.getMessage()),
                        null);
                over.run();
            }
            return true;
        }

        private void called(int position, CallPlacer.Placed p, Instant confirmedAt) {
            LineResult r = switch (p.outcome()) {
                case NOT_REGISTERED -> LineResult.NOT_REGISTERED;
                case NO_ANSWER -> LineResult.NO_ANSWER;
                case BUSY -> LineResult.BUSY;
                case FAILED -> LineResult.FAILED;
                case ANSWERED -> confirmedAt != null ? LineResult.CONFIRMED : LineResult.ANSWERED;
            };
            RunLine done;
            synchronized (this) {
                done = lines[position - 1].finished(r, p.detail(), p.contact(), p.userAgent(), p.placedAt(), p.answeredAt(),
                        p.outcome() == CallPlacer.Outcome.ANSWERED ? confirmedAt : null, p.endedAt());
                lines[position - 1] = done;
            }
            runs.updateLine(id, done);
            events.accept(Event.of(EventTypes.COMMISSIONING, r.label(), done.mac() == null ? null : done.mac().replace(":", ""), siteId,
                    null, "run " + id + ": line " + done.extension() + (p.detail() == null ? "" : ": " + p.detail())));
            boolean last;
            synchronized (this) {
                underWay--;
                last = underWay == 0 && (pending.isEmpty() || cancelled);
            }
            if (last) {
                end();
            }
        }

        synchronized boolean cancel() {
            if (cancelled || ended) {
                return false;
            }
            cancelled = true;
            for (Integer position : pending) {
                RunLine l = lines[position - 1];
                lines[position - 1] = l.finished(LineResult.CANCELLED, "the run was cancelled before this line was called", null, null, null,
                        null, null, null);
                runs.updateLine(id, lines[position - 1]);
            }
            pending.clear();
            if (underWay == 0) {
                end();
            }
            return true;
        }

        private void end() {
            Run.State state;
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
                state = cancelled ? Run.State.CANCELLED : Run.State.DONE;
            }
            runs.finish(id, state, clock.instant());
            active.remove(id);
            events.accept(Event.of(EventTypes.COMMISSIONING, state.label(), null, siteId, null, "run " + id + " " + state.label()));
            log.info("commissioning run {} {}", id, state.label());
        }

        @Override
        public synchronized boolean finished() {
            return cancelled || pending.isEmpty();
        }
    }
}
