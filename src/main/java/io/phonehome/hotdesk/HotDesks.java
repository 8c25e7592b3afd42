package io.phonehome.hotdesk;

import io.phonehome.actions.DeviceNotifier;
import io.phonehome.actions.NotifyKind;
import io.phonehome.auth.PinHash;
import io.phonehome.auth.ProbeLimiter;
import io.phonehome.events.Event;
import io.phonehome.events.EventLog;
import io.phonehome.events.EventTypes;
import io.phonehome.inventory.Device;
import io.phonehome.inventory.FieldError;
import io.phonehome.inventory.Inventory;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.Mac;
import io.phonehome.inventory.NotFoundException;
import io.phonehome.inventory.ValidationException;
import io.phonehome.phones.DeviceLines;
import io.phonehome.store.Table;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who sits at which hot desk, and the rules of logging in and out. The desks and seats are held in
 * memory (read once, written through), because the SIP edge asks about every call from a desk and
 * the phone listener about every configuration it renders.
 *
 * <p>A seat change is written first, then the in-memory view and the {@linkplain #generation
 * generation} change, then an event is recorded and every desk whose configuration changed is
 * sent a check-sync on a thread of its own (the SIP thread that asked is never held by a NOTIFY).
 */
public final class HotDesks implements DeviceLines {
    private static final Logger log = LoggerFactory.getLogger(HotDesks.class);
    private static final Pattern PIN = Pattern.compile("[0-9]{4,12}");
    /** Compared against when the extension has no PIN, so that an unknown extension costs what a wrong PIN does. */
    private static final String NO_PIN = PinHash.hash("no pin here");

    /** What a login or logout came to. */
    public enum Outcome { LOGGED_IN, LOGGED_OUT, NOT_LOGGED_IN, WRONG_PIN, LOCKED, NOT_A_DESK }

    /** Why a user left a desk, as the event's detail says it. */
    public enum LogoutReason {
        CODE("by code"), ADMIN("by an administrator"), NIGHTLY("nightly logout"), ELSEWHERE("logged in on another desk"),
        REPLACED("another user logged in here");

        final String text;

        LogoutReason(String text) {
            this.text = text;
        }
    }

    private final Inventory inventory;
    private final HotDeskRepository repo;
    private final EventLog events;
    private final Supplier<DeviceNotifier> notifier;
    private final HotDeskRules rules;
    private final Clock clock;
    private final Executor resyncs;
    private final ProbeLimiter wrongPins;
    private final AtomicLong generation = new AtomicLong();
    private volatile Set<Long> desks;
    private volatile boolean stale;
    private final Map<Long, HotDeskRepository.Seat> seatByDesk = new ConcurrentHashMap<>();
    private final Map<String, Long> deskByUser = new ConcurrentHashMap<>();
    private volatile java.util.function.BiPredicate<Line, String> loginNumber = (caller, dialled) -> false;

    /**
     * @param notifier the check-sync sender, asked for at each use (the SIP edge is built after this)
     * @param resyncs  where check-syncs are sent from
     */
    public HotDesks(Inventory inventory, HotDeskRepository repo, EventLog events, Supplier<DeviceNotifier> notifier, HotDeskRules rules,
                    Clock clock, Executor resyncs) {
        this.inventory = inventory;
        this.repo = repo;
        this.events = events;
        this.notifier = notifier;
        this.rules = rules;
        this.clock = clock;
        this.resyncs = resyncs;
        this.wrongPins = new ProbeLimiter(rules.maxWrongPins(), rules.lockWindow().toMillis(), rules.lockWindow().toMillis(), clock::millis);
        reload();
        // A deleted device takes its desk row and seat with it (the schema cascades); the view
        // catches up on the next minute's tick rather than on the writing thread.
        inventory.jdbc().onCommittedWrite(t -> {
            if (t == Table.DEVICES) {
                stale = true;
            }
        });
    }

    private synchronized void reload() {
        Map<Long, HotDeskRepository.Seat> seats = new java.util.HashMap<>();
        Map<String, Long> users = new java.util.HashMap<>();
        for (HotDeskRepository.Seat s : repo.seats()) {
            seats.put(s.deviceId(), s);
            users.put(user(s.customerId(), s.extension()), s.deviceId());
        }
        // Filled before emptied, so a reader never sees a seated user as absent meanwhile.
        seatByDesk.putAll(seats);
        seatByDesk.keySet().retainAll(seats.keySet());
        deskByUser.putAll(users);
        deskByUser.keySet().retainAll(users.keySet());
        this.desks = Set.copyOf(repo.desks());
        generation.incrementAndGet();
    }

    /** Re-reads desks and seats when devices were written since the last look (deleted devices leave no seat behind). */
    void refreshIfStale() {
        if (stale) {
            stale = false;
            reload();
        }
    }

    public HotDeskRules rules() {
        return rules;
    }

    // ------------------------------------------------------------------ the configuration port

    @Override
    public List<Line> linesOf(Device device, List<Line> own) {
        HotDeskRepository.Seat seat = seatByDesk.get(device.id());
        if (seat == null) {
            return own;
        }
        Optional<Line> user = inventory.lines().byExtension(seat.customerId(), seat.extension());
        if (user.isEmpty()) {
            return own; // the user's line was deleted since: the desk's own identity is all there is
        }
        Line u = user.get();
        // The user's account takes the desk's first account; the desk's own lines leave the phone meanwhile.
        return List.of(new Line(u.id(), device.id(), 1, u.extension(), u.displayName(), u.label(), u.authUser(), u.password(),
                u.transport(), u.srtp(), u.customerId()));
    }

    /** A seated user's keys are those of the phone the user's line belongs to. */
    @Override
    public long keysOwner(Device device) {
        HotDeskRepository.Seat seat = seatByDesk.get(device.id());
        if (seat == null) {
            return device.id();
        }
        return inventory.lines().byExtension(seat.customerId(), seat.extension()).map(Line::deviceId).orElse(device.id());
    }

    @Override
    public long generation() {
        return generation.get();
    }

    // ------------------------------------------------------------------ questions of the SIP edge

    public boolean isDesk(long deviceId) {
        return desks.contains(deviceId);
    }

    public Optional<HotDeskRepository.Seat> seatAt(long deviceId) {
        return Optional.ofNullable(seatByDesk.get(deviceId));
    }

    /** The desk a line speaks for: where its user is seated, else the line's own device. */
    public long deviceOf(Line line) {
        Long desk = deskByUser.get(user(line.customerId(), line.extension()));
        return desk != null ? desk : line.deviceId();
    }

    /** A desk's own line, calling while no user sits there (or from a phone that has not re-synced yet), may only reach the login code and emergency numbers. */
    public boolean isRestricted(Line caller) {
        return isDesk(caller.deviceId()) && !deskByUser.containsKey(user(caller.customerId(), caller.extension()));
    }

    public boolean isEmergency(String number) {
        return rules.emergency().contains(number);
    }

    /** Whether {@code dialled} is the login number that answers {@code caller}'s desk: a free desk may call it. */
    public boolean isLoginNumber(Line caller, String dialled) {
        return loginNumber.test(caller, dialled);
    }

    /** Set by the login number's {@link HotDeskLogin} once it answers calls. */
    void answerLoginAt(java.util.function.BiPredicate<Line, String> isLoginNumber) {
        this.loginNumber = isLoginNumber;
    }

    // ------------------------------------------------------------------ login and logout

    /**
     * Logs {@code extension} in at the desk that {@code caller} calls from, if the PIN is right and
     * neither the extension nor the desk is locked. The extension is one of the desk's customer
     * (the customer of its site): each customer has its own extension space, and another
     * customer's line with the same extension is never found from here.
     *
     * @param source where the request came from, for the events
     */
    public Outcome login(Line caller, String extension, String pin, String source) {
        long deskId = deviceOf(caller);
        Optional<Device> desk = isDesk(deskId) ? inventory.devices().findById(deskId) : Optional.empty();
        if (desk.isEmpty()) {
            return Outcome.NOT_A_DESK;
        }
        Device d = desk.get();
        long customer = customerOf(d);
        String extKey = "extension:" + customer + ":" + extension;
        String deskKey = "desk:" + deskId;
        if (wrongPins.isBlocked(extKey) || wrongPins.isBlocked(deskKey)) {
            record(d, "locked", source, "extension " + extension + ": login refused while locked");
            return Outcome.LOCKED;
        }
        String stored = repo.pinHash(customer, extension).orElse(null);
        boolean right = PinHash.matches(pin, stored == null ? NO_PIN : stored) && stored != null
                && inventory.lines().byExtension(customer, extension).isPresent();
        if (!right) {
            boolean lockedExt = wrongPins.recordMiss(extKey);
            boolean lockedDesk = wrongPins.recordMiss(deskKey);
            record(d, "wrong_pin", source, "extension " + extension);
            if (lockedExt || lockedDesk) {
                record(d, "lockout", source, (lockedExt ? "extension " + extension : "")
                        + (lockedExt && lockedDesk ? " and " : "") + (lockedDesk ? "this desk" : "") + " locked for "
                        + rules.lockWindow().toMinutes() + " min after " + rules.maxWrongPins() + " wrong PINs");
                return Outcome.LOCKED;
            }
            return Outcome.WRONG_PIN;
        }
        seat(d, customer, extension, source);
        return Outcome.LOGGED_IN;
    }

    /** Logs out whoever sits at the desk {@code caller} calls from. */
    public Outcome logout(Line caller, String source) {
        long deskId = deviceOf(caller);
        if (!isDesk(deskId)) {
            return Outcome.NOT_A_DESK;
        }
        Optional<Device> d = inventory.devices().findById(deskId);
        return d.isPresent() && free(d.get(), LogoutReason.CODE, source) ? Outcome.LOGGED_OUT : Outcome.NOT_LOGGED_IN;
    }

    /** The customer a desk's users are of: its site's, the default customer for a desk without a site. */
    private long customerOf(Device d) {
        return (d.siteId() == null ? Optional.<Long>empty() : inventory.customers().ownerOfSite(d.siteId()))
                .orElseGet(() -> inventory.customers().defaultCustomer().id());
    }

    /** The key of a user in {@link #deskByUser}: an extension of a customer. */
    private static String user(long customerId, String extension) {
        return customerId + "|" + extension;
    }

    private void seat(Device d, long customer, String extension, String source) {
        Long previousDesk;
        HotDeskRepository.Seat previousHere;
        HotDeskRepository.Seat s = new HotDeskRepository.Seat(d.id(), customer, extension, clock.instant());
        String user = user(customer, extension);
        synchronized (this) {
            previousDesk = deskByUser.get(user);
            previousHere = seatByDesk.get(d.id());
            repo.seat(s);
            if (previousDesk != null) {
                seatByDesk.remove(previousDesk);
            }
            if (previousHere != null) {
                deskByUser.remove(user(previousHere.customerId(), previousHere.extension()));
            }
            seatByDesk.put(d.id(), s);
            deskByUser.put(user, d.id());
            generation.incrementAndGet();
        }
        if (previousHere != null && !user(previousHere.customerId(), previousHere.extension()).equals(user)) {
            record(d, "logout", source, "extension " + previousHere.extension() + ": " + LogoutReason.REPLACED.text);
        }
        if (previousDesk != null && previousDesk != d.id()) {
            inventory.devices().findById(previousDesk).ifPresent(old -> {
                record(old, "logout", source, "extension " + extension + ": " + LogoutReason.ELSEWHERE.text + " (" + d.mac().colons() + ")");
                resync(old);
            });
        }
        record(d, "login", source, "extension " + extension);
        resync(d);
    }

    /** Frees the desk; false when nobody sat there. */
    boolean free(Device d, LogoutReason reason, String source) {
        HotDeskRepository.Seat s;
        synchronized (this) {
            s = seatByDesk.get(d.id());
            if (s == null) {
                return false;
            }
            repo.unseat(d.id());
            seatByDesk.remove(d.id());
            deskByUser.remove(user(s.customerId(), s.extension()), d.id());
            generation.incrementAndGet();
        }
        record(d, "logout", source, "extension " + s.extension() + ": " + reason.text);
        resync(d);
        return true;
    }

    // ------------------------------------------------------------------ administration

    /** Sets a line's PIN (4 to 12 digits), kept for its extension within its customer; the PIN itself is neither stored nor logged. */
    public void setPin(Line line, String pin) {
        if (pin == null || !PIN.matcher(pin).matches()) {
            throw new ValidationException(List.of(FieldError.of("pin", "must be 4 to 12 digits")));
        }
        repo.setPin(line.customerId(), line.extension(), PinHash.hash(pin), clock.instant());
    }

    /** Sets the PIN of the one line with this extension (a single-customer installation's). */
    public void setPin(String extension, String pin) {
        setPin(inventory.lines().byExtension(extension).orElseThrow(() -> new NotFoundException("no line has extension " + extension)), pin);
    }

    /** Removes a line's PIN (it can no longer log in; a current seat stays until logout). */
    public boolean clearPin(Line line) {
        return repo.clearPin(line.customerId(), line.extension());
    }

    public boolean hasPin(Line line) {
        return repo.pinHash(line.customerId(), line.extension()).isPresent();
    }

    /** Whether the one line with this extension (a single-customer installation's) has a PIN. */
    public boolean hasPin(String extension) {
        return inventory.lines().byExtension(extension).map(this::hasPin).orElse(false);
    }

    /** The extensions of a customer that have a PIN. */
    public Set<String> users(long customerId) {
        return repo.pinExtensions(customerId);
    }

    /** Marks a device as a hot desk or not; a desk that stops being one is freed first. */
    public void setDesk(Mac mac, boolean desk) {
        Device d = inventory.devices().findByMac(mac).orElseThrow(() -> new NotFoundException("no device " + mac.colons()));
        if (desk && !inventory.handsets().byDevice(d.id()).isEmpty()) {
            // A DECT base's handsets name its accounts by position; one user's line in their place would leave them dangling.
            throw new ValidationException(List.of(FieldError.of("enabled", "device " + mac.colons()
                    + " has DECT handsets; a hot desk is a desk phone with one user at a time")));
        }
        if (desk) {
            repo.addDesk(d.id());
        } else {
            free(d, LogoutReason.ADMIN, "admin");
            repo.removeDesk(d.id());
        }
        desks = Set.copyOf(repo.desks());
        generation.incrementAndGet();
    }

    /** Logs out whoever sits at the device; false when nobody did. */
    public boolean logoutByAdmin(Mac mac, String actor) {
        Device d = inventory.devices().findByMac(mac).orElseThrow(() -> new NotFoundException("no device " + mac.colons()));
        return free(d, LogoutReason.ADMIN, actor);
    }

    /** Every current seat. */
    public List<HotDeskRepository.Seat> seats() {
        return List.copyOf(seatByDesk.values());
    }

    Clock clock() {
        return clock;
    }

    Inventory inventory() {
        return inventory;
    }

    private void record(Device d, String outcome, String source, String detail) {
        events.record(Event.of(EventTypes.HOTDESK, outcome, d.mac().hex(), d.siteId(), source, detail));
    }

    private void resync(Device d) {
        resyncs.execute(() -> {
            try {
                notifier.get().notify(d.mac(), NotifyKind.RESYNC);
            } catch (RuntimeException e) {
                log.warn("check-sync to hot desk {} failed: {}", d.mac().colons(), e.toString());
            }
        });
    }
}
