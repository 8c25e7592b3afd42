package io.phonehome.voicemail;

import io.phonehome.auth.ProbeLimiter;
import io.phonehome.events.Event;
import io.phonehome.events.EventLog;
import io.phonehome.events.EventTypes;
import io.phonehome.inventory.Device;
import io.phonehome.inventory.Inventory;
import io.phonehome.inventory.Site;
import io.phonehome.media.Caller;
import io.phonehome.media.ServiceDirectory;
import io.phonehome.prompts.Prompts;
import io.phonehome.settings.EffectiveSetting;
import io.phonehome.settings.LayeredSettings;
import io.phonehome.settings.SettingRegistry;
import java.time.Duration;
import java.util.Optional;

/**
 * The calls the mailboxes answer, found by the caller's own voicemail number (the typed setting
 * {@code voicemail.number} of its device, site or fleet):
 * <ul>
 *   <li>{@code <number>*<extension>}: leave a message for that line ({@link LeaveMessage});</li>
 *   <li>{@code <number>}: the caller's own box ({@link MailboxMenu}), PIN asked unless the box says
 *       its own phone needs none; {@code <number>*} (or {@code *} at the PIN prompt): another box,
 *       by extension and PIN, from any line.</li>
 * </ul>
 * And the calls the SIP edge forwards here: a busy or unanswered line's caller is given
 * {@link #leaveMessage} for that line, under the line's {@link #forwarding} rules.
 *
 * <p>Wrong PINs are counted per box; after {@code maxWrongPins} within the lock window the box
 * opens for nobody until the window has passed, and that is an event ({@code voicemail}/{@code lockout}).
 */
public final class VoicemailCalls implements ServiceDirectory {
    private final Mailboxes boxes;
    private final LayeredSettings settings;
    private final Inventory inventory;
    private final EventLog events;
    private final Prompts prompts;
    private final long maxMessageMillis;
    private final Duration lockWindow;
    private final int maxWrongPins;
    private final ProbeLimiter wrongPins;

    public VoicemailCalls(Mailboxes boxes, LayeredSettings settings, Inventory inventory, EventLog events, Prompts prompts,
                          long maxMessageMillis, int maxWrongPins, Duration lockWindow) {
        this.boxes = boxes;
        this.settings = settings;
        this.inventory = inventory;
        this.events = events;
        this.prompts = prompts;
        this.maxMessageMillis = maxMessageMillis;
        this.maxWrongPins = maxWrongPins;
        this.lockWindow = lockWindow;
        this.wrongPins = new ProbeLimiter(maxWrongPins, lockWindow.toMillis(), lockWindow.toMillis(), System::currentTimeMillis);
    }

    /** How calls to a line go to its mailbox: on busy, and after {@code noAnswerSeconds} of ringing (0: never). */
    public record Forwarding(boolean onBusy, int noAnswerSeconds) {
        public static final Forwarding NONE = new Forwarding(false, 0);

        public boolean onNoAnswer() {
            return noAnswerSeconds > 0;
        }
    }

    @Override
    public Optional<Answer> answer(Caller caller, String dialled) {
        if (dialled == null || !mightBeOurs(dialled)) {
            return Optional.empty();
        }
        Optional<String> number = effective(caller.deviceId(), SettingRegistry.VOICEMAIL_NUMBER);
        if (number.isEmpty() || !dialled.startsWith(number.get())) {
            return Optional.empty();
        }
        String rest = dialled.substring(number.get().length());
        if (rest.isEmpty()) {
            return Optional.of(Answer.of(new MailboxMenu(this, caller.customerId(), caller.extension())));
        }
        if (rest.equals("*")) {
            return Optional.of(Answer.of(new MailboxMenu(this, caller.customerId(), null)));
        }
        // another box of the caller's own customer: its extension space is the one the caller dials in
        if (rest.startsWith("*") && boxes.isLineName(new MailboxId(caller.customerId(), rest.substring(1)))) {
            return leaveMessage(caller, new MailboxId(caller.customerId(), rest.substring(1)));
        }
        return Optional.empty(); // not a mailbox: the router says 404
    }

    /** A script that takes a message for {@code box} (empty when its customer has no such line). */
    public Optional<Answer> leaveMessage(Caller caller, MailboxId box) {
        if (!boxes.isLineName(box)) {
            return Optional.empty();
        }
        return Optional.of(new Answer(new LeaveMessage(this, box), true));
    }

    /** The forwarding rules of a line: its box's own choice, else its device's effective settings. */
    public Forwarding forwarding(long deviceId, MailboxId box) {
        Mailboxes.Options own = boxes.options(box);
        Boolean onBusy = own.onBusy();
        Integer seconds = own.noAnswerSeconds();
        if (onBusy == null || seconds == null) {
            Optional<Device> device = inventory.devices().findById(deviceId);
            Site site = device.isEmpty() || device.get().siteId() == null ? null : inventory.sites().findById(device.get().siteId()).orElse(null);
            java.util.List<EffectiveSetting> effective = device.isEmpty() ? java.util.List.of() : settings.effective(device.get(), site);
            if (onBusy == null) {
                onBusy = value(effective, SettingRegistry.VOICEMAIL_ON_BUSY).map("on"::equals).orElse(false);
            }
            if (seconds == null) {
                seconds = value(effective, SettingRegistry.VOICEMAIL_NO_ANSWER_SECONDS).map(Integer::parseInt).orElse(0);
            }
        }
        return new Forwarding(onBusy, seconds);
    }

    /** From the values in memory: no database read for numbers that are no voicemail number anywhere. */
    private boolean mightBeOurs(String dialled) {
        return settings.all().stream().anyMatch(v -> v.name().equals(SettingRegistry.VOICEMAIL_NUMBER) && dialled.startsWith(v.value()));
    }

    private Optional<String> effective(long deviceId, String name) {
        Optional<Device> device = inventory.devices().findById(deviceId);
        if (device.isEmpty()) {
            return Optional.empty();
        }
        Site site = device.get().siteId() == null ? null : inventory.sites().findById(device.get().siteId()).orElse(null);
        return value(settings.effective(device.get(), site), name);
    }

    private static Optional<String> value(java.util.List<EffectiveSetting> effective, String name) {
        return effective.stream().filter(e -> e.name().equals(name)).map(EffectiveSetting::value).findFirst();
    }

    // ------------------------------------------------------------------ for the scripts

    Mailboxes boxes() {
        return boxes;
    }

    Prompts prompts() {
        return prompts;
    }

    long maxMessageMillis() {
        return maxMessageMillis;
    }

    /** What a PIN entered for {@code extension} from {@code caller}'s phone opens. */
    enum PinCheck { RIGHT, WRONG, LOCKED }

    PinCheck checkPin(Caller caller, MailboxId box, String pin) {
        String extension = box.extension();
        String key = "box:" + box.customerId() + ":" + extension;
        if (wrongPins.isBlocked(key)) {
            record(caller, "locked", "mailbox " + extension + ": PIN refused while locked");
            return PinCheck.LOCKED;
        }
        if (boxes.pinMatches(box, pin) && boxes.isLine(box)) {
            return PinCheck.RIGHT;
        }
        boolean locked = wrongPins.recordMiss(key);
        record(caller, "wrong_pin", "mailbox " + extension);
        if (locked) {
            record(caller, "lockout", "mailbox " + extension + " locked for " + lockWindow.toMinutes() + " min after " + maxWrongPins + " wrong PINs");
            return PinCheck.LOCKED;
        }
        return PinCheck.WRONG;
    }

    /** Whether the box's own line, calling from its own phone, opens it without the PIN. */
    boolean opensWithoutPin(Caller caller, MailboxId box) {
        return caller.customerId() == box.customerId() && caller.extension().equals(box.extension()) && boxes.options(box).ownPhoneNoPin();
    }

    private void record(Caller caller, String outcome, String detail) {
        String mac = inventory.devices().findById(caller.deviceId()).map(d -> d.mac().hex()).orElse(null);
        events.record(Event.of(EventTypes.VOICEMAIL, outcome, mac, caller.siteId() == 0 ? null : caller.siteId(),
                "sip:" + caller.extension(), detail));
    }
}
