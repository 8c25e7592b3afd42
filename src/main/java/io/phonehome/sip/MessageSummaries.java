package io.phonehome.sip;

import io.phonehome.actions.MessageWaiting;
import io.phonehome.sip.location.ContactBinding;
import io.phonehome.sip.location.LocationService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The SIP core's side of the {@link MessageWaiting} port: the latest voice-message counts of each
 * line (so a phone that subscribes later gets them at once), and the NOTIFYs a change sends:
 * to the line's message-summary subscriptions, or unsolicited to each of its registered contacts
 * when none subscribed. Only extensions of the inventory are kept: the map is bounded by the lines.
 */
final class MessageSummaries implements MessageWaiting {
    /** A mailbox's counts: unheard and heard voice messages. */
    record Counts(int fresh, int old) {
        static final Counts EMPTY = new Counts(0, 0);
    }

    private final Map<String, Counts> counts = new ConcurrentHashMap<>();
    private final LineDirectory lines;
    private final LocationService location;
    private final EventNotifier notifier;
    private final Executor background;
    private volatile Consumer<String> changed = ext -> { };

    MessageSummaries(LineDirectory lines, LocationService location, EventNotifier notifier, Executor background) {
        this.lines = lines;
        this.location = location;
        this.notifier = notifier;
        this.background = background;
    }

    /** Who is told of a change (the subscription server, once built). */
    void onChange(Consumer<String> changed) {
        this.changed = changed;
    }

    @Override
    public void messagesWaiting(String extension, int newMessages, int oldMessages) {
        if (newMessages < 0 || oldMessages < 0) {
            throw new IllegalArgumentException("message counts are 0 or more, got " + newMessages + "/" + oldMessages);
        }
        if (lines.byExtension(extension).isEmpty()) {
            throw new IllegalArgumentException("extension " + extension + " is no line of the inventory");
        }
        Counts now = new Counts(newMessages, oldMessages);
        Counts before = counts.put(extension, now);
        if (now.equals(before == null ? Counts.EMPTY : before)) {
            return; // a lamp is told when its count changes, not on every call
        }
        background.execute(() -> changed.accept(extension));
    }

    Counts of(String extension) {
        return counts.getOrDefault(extension, Counts.EMPTY);
    }

    /** The summary to every registered contact of the line, for phones that take it without subscribing. */
    void unsolicited(String extension, String body) {
        for (ContactBinding b : location.lookup(extension)) {
            notifier.unsolicited(b, body);
        }
    }
}
