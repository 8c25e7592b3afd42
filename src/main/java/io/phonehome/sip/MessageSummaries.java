package io.phonehome.sip;

import io.phonehome.actions.MessageWaiting;
import io.phonehome.inventory.Line;
import io.phonehome.sip.location.ContactBinding;
import io.phonehome.sip.location.LocationService;
import java.util.Map;
import java.util.Optional;
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
    /** What each registration (extension, contact, Call-ID) was last told unsolicited; bounded, forgotten after a day. */
    private final com.github.benmanes.caffeine.cache.Cache<String, Counts> told = com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
            .maximumSize(200_000).expireAfterWrite(java.time.Duration.ofDays(1)).build();
    private final LineDirectory lines;
    private final LocationService location;
    private final EventNotifier notifier;
    private final Executor background;
    private volatile Consumer<String> changed = ext -> { };
    /** Where this node's own changes also go: the other nodes ({@link NodeLamps}). */
    private volatile java.util.function.BiConsumer<String, Counts> published = (ext, c) -> { };
    /** The sender's clock of the last counts another node sent per line: an older one that overtook it is dropped. */
    private final Map<String, Long> heardAt = new ConcurrentHashMap<>();

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
        // A bare extension is the installation space's line, or else the one line any customer has
        // with it; a line's address of record names it exactly. Voicemail names the customer
        // (the method below).
        Optional<Line> line = lines.byAor(extension);
        if (line.isEmpty() && extension.indexOf('@') < 0) {
            line = lines.onlyLineWithExtension(extension);
        }
        if (line.isEmpty()) {
            throw new IllegalArgumentException("extension " + extension + " is no line of the inventory");
        }
        tell(lines.aor(line.get()), newMessages, oldMessages);
    }

    /**
     * A customer's mailbox (issue 17: each customer has its own, keyed by customer and extension)
     * lights the lamp of that customer's line, by its address of record; a line whose address the
     * SIP core cannot tell from another customer's (both without a SIP domain of their own, the
     * extension refused over SIP) has no lamp to light.
     */
    @Override
    public void messagesWaiting(long customerId, String extension, int newMessages, int oldMessages) {
        if (newMessages < 0 || oldMessages < 0) {
            throw new IllegalArgumentException("message counts are 0 or more, got " + newMessages + "/" + oldMessages);
        }
        Line line = lines.byCustomerExtension(customerId, extension)
                .orElseThrow(() -> new IllegalArgumentException("customer " + customerId + " has no line " + extension));
        String key = lines.aor(line);
        if (!lines.byAor(key).map(l -> l.id() == line.id()).orElse(false)) {
            throw new IllegalArgumentException("line " + extension + " of customer " + customerId + " has no address of its own over SIP");
        }
        tell(key, newMessages, oldMessages);
    }

    private void tell(String key, int newMessages, int oldMessages) {
        Counts now = new Counts(newMessages, oldMessages);
        Counts before = counts.put(key, now);
        if (now.equals(before == null ? Counts.EMPTY : before)) {
            return; // a lamp is told when its count changes, not on every call
        }
        background.execute(() -> changed.accept(key));
        published.accept(key, now);
    }

    /** Who else is told of this node's own changes (the other nodes, once the relay is built). */
    void publishTo(java.util.function.BiConsumer<String, Counts> published) {
        this.published = published;
    }

    /**
     * Counts another node's voicemail wrote (issue 16), by the line's address of record as that
     * node published it (both read the same inventory): kept and told to this node's subscriptions
     * and registered contacts like a change of its own, but not sent on.
     */
    void fromElsewhere(String extension, int newMessages, int oldMessages, long at) {
        if (newMessages < 0 || oldMessages < 0) {
            throw new IllegalArgumentException("message counts are 0 or more");
        }
        boolean[] newer = {false};
        heardAt.compute(extension, (k, was) -> {
            newer[0] = was == null || at >= was;
            return newer[0] ? at : was;
        });
        if (!newer[0]) {
            return;
        }
        Counts now = new Counts(newMessages, oldMessages);
        Counts before = counts.put(extension, now);
        if (!now.equals(before == null ? Counts.EMPTY : before)) {
            background.execute(() -> changed.accept(extension));
        }
    }

    Counts of(String extension) {
        return counts.getOrDefault(extension, Counts.EMPTY);
    }

    /** The summary to every registered contact of the line, for phones that take it without subscribing. */
    void unsolicited(String extension, String body) {
        Counts c = of(extension);
        for (ContactBinding b : location.lookup(extension)) {
            unsolicited(b, c, body);
        }
    }

    /**
     * The summary to one registration unless it was already told these counts: a phone's
     * registration and a count change can both decide to tell it (the registration hook runs after
     * the change was already stored), and a lamp is told each state once. A phone that restarts
     * registers with a new Call-ID and is told again.
     */
    void unsolicited(ContactBinding b, Counts c, String body) {
        String registration = b.extension() + '\n' + b.contact() + '\n' + b.callId();
        Counts[] previous = new Counts[1];
        told.asMap().compute(registration, (k, was) -> {
            previous[0] = was;
            return c;
        });
        if (!c.equals(previous[0])) {
            notifier.unsolicited(b, body);
        }
    }
}
