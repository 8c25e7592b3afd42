package io.phonehome.sip;

import io.phonehome.inventory.Line;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What each extension's phone is doing, as the call router sees the calls it routes: the input of
 * the busy lamps (RFC 4235 dialog package). A call is {@code trying} for its caller from the
 * forwarded INVITE, {@code early} for both sides once the callee rings (a provisional response
 * with a tag), {@code confirmed} at the first 2xx, and {@code terminated} when it fails, is
 * cancelled, rings out or a BYE passes; a terminated call is shown once, then forgotten.
 *
 * <p>Every change is handed to the listener with the extension and its dialogs as they are now:
 * a snapshot taken under the lock and delivered outside it, numbered so that a receiver can drop
 * one that another thread overtook (a ringing lamp must not come back after the answer). A confirmed call whose BYE never came
 * through Phonehome (a phone lost power) is forgotten after {@link #MAX_CALL_MILLIS}.
 */
final class LineActivity {
    /** Longest a call is remembered without a BYE seen: a lamp stuck red for a day is worse than a missed one. */
    static final long MAX_CALL_MILLIS = 12 * 3600_000L;
    /** Calls remembered at most; beyond, a new call is routed but not shown on lamps. */
    static final int MAX_CALLS = 200_000;

    enum State {
        TRYING("trying"), EARLY("early"), CONFIRMED("confirmed"), TERMINATED("terminated");

        final String wire;

        State(String wire) {
            this.wire = wire;
        }
    }

    /**
     * One dialog as one extension's phone takes part in it.
     *
     * @param direction  {@code initiator} (the extension called) or {@code recipient} (it was called)
     * @param localTag   this extension's tag, null while unknown
     * @param remoteTag  the other side's tag, null while unknown
     */
    record DialogView(String id, String callId, String localTag, String remoteTag, String direction, State state, String localExtension,
                      String localName, String remoteExtension, String remoteName) {
    }

    /** An extension's dialogs after a change; {@code seq} grows with every snapshot taken. */
    record Snapshot(String extension, long seq, List<DialogView> dialogs) {
    }

    private static final class Call {
        final String callId;
        final String callerExtension;
        final String callerName;
        final String callerTag;
        final String calleeExtension;
        final String calleeName;
        final long started;
        String calleeTag;
        State state = State.TRYING;

        Call(String callId, Line caller, String callerAor, String callerTag, Line callee, String calleeAor, long started) {
            this.callId = callId;
            this.callerExtension = callerAor;
            this.callerName = caller.displayName();
            this.callerTag = callerTag;
            this.calleeExtension = calleeAor;
            this.calleeName = callee.displayName();
            this.started = started;
        }

        DialogView viewOf(String extension) {
            boolean caller = extension.equals(callerExtension);
            String direction = caller ? "initiator" : "recipient";
            String id = Integer.toHexString(callId.hashCode()) + (caller ? "-i" : "-r");
            return caller
                    ? new DialogView(id, callId, callerTag, calleeTag, direction, state, callerExtension, callerName, calleeExtension, calleeName)
                    : new DialogView(id, callId, calleeTag, callerTag, direction, state, calleeExtension, calleeName, callerExtension, callerName);
        }

        /** The callee sees the call only once its phone rings. */
        boolean shownTo(String extension) {
            return extension.equals(callerExtension) || state != State.TRYING;
        }
    }

    private final Map<String, Call> calls = new HashMap<>();
    private final Map<String, Set<Call>> byExtension = new HashMap<>();
    private volatile Consumer<Snapshot> listener = s -> { };
    private long seq;

    /** Who is told of every extension whose dialogs changed (the subscription server, once built). */
    void onChange(Consumer<Snapshot> listener) {
        this.listener = listener;
    }

    /** A routed INVITE between two lines of the installation's own SIP space: the caller is trying. */
    void started(String callId, Line caller, String callerTag, Line callee) {
        started(callId, caller, caller.extension(), callerTag, callee, callee.extension());
    }

    /**
     * A routed INVITE: the caller is trying. Calls are kept by the lines' addresses of record
     * ({@link LineDirectory#aor}), so each customer's lamps see its own lines only (issue 17).
     */
    void started(String callId, Line caller, String callerAor, String callerTag, Line callee, String calleeAor) {
        List<Runnable> tell = new ArrayList<>();
        synchronized (this) {
            if (calls.containsKey(callId) || calls.size() >= MAX_CALLS) {
                return;
            }
            Call c = new Call(callId, caller, callerAor, callerTag, callee, calleeAor, System.currentTimeMillis());
            calls.put(callId, c);
            byExtension.computeIfAbsent(c.callerExtension, k -> new LinkedHashSet<>()).add(c);
            byExtension.computeIfAbsent(c.calleeExtension, k -> new LinkedHashSet<>()).add(c);
            tell.add(snapshot(c.callerExtension));
        }
        tell.forEach(Runnable::run);
    }

    /** A provisional response with a tag from the callee: its phone rings. */
    void ringing(String callId, String calleeTag) {
        move(callId, calleeTag, State.EARLY);
    }

    /** The callee answered (the first 2xx). */
    void answered(String callId, String calleeTag) {
        move(callId, calleeTag, State.CONFIRMED);
    }

    /** The call failed, was cancelled, rang out or was hung up: shown as terminated once, then forgotten. */
    void ended(String callId) {
        List<Runnable> tell = new ArrayList<>();
        synchronized (this) {
            Call c = calls.remove(callId);
            if (c == null) {
                return;
            }
            boolean calleeSawIt = c.state != State.TRYING;
            c.state = State.TERMINATED;
            tell.add(snapshot(c.callerExtension));
            if (calleeSawIt && !c.calleeExtension.equals(c.callerExtension)) {
                tell.add(snapshot(c.calleeExtension));
            }
            forget(c);
        }
        tell.forEach(Runnable::run);
    }

    /**
     * The extension whose phone rings in the call, while it rings: what an INVITE with
     * {@code Replaces} naming the call (a BLF key's pickup) would take over. Empty for a call
     * that is not ringing (trying, answered, over) or not routed here.
     */
    synchronized Optional<String> ringingExtension(String callId) {
        Call c = calls.get(callId);
        return c == null || c.state != State.EARLY ? Optional.empty() : Optional.of(c.calleeExtension);
    }

    /**
     * A call ringing at an extension, as a pickup code takes it over: its Call-ID and the caller's
     * and the ringing phone's tags. The earliest such call when several ring there.
     */
    record Ringing(String callId, String callerExtension, String callerTag, String calleeExtension, String calleeTag) {
    }

    /** The call ringing at {@code extension} (the callee's phone has sent a tagged provisional response), if any. */
    synchronized Optional<Ringing> ringingAt(String extension) {
        for (Call c : byExtension.getOrDefault(extension, Set.of())) {
            if (c.state == State.EARLY && extension.equals(c.calleeExtension) && c.callerTag != null && c.calleeTag != null) {
                return Optional.of(new Ringing(c.callId, c.callerExtension, c.callerTag, c.calleeExtension, c.calleeTag));
            }
        }
        return Optional.empty();
    }

    /** The dialogs of an extension now (for a new subscription's first NOTIFY). */
    synchronized Snapshot now(String extension) {
        return new Snapshot(extension, ++seq, dialogsOf(extension));
    }

    private List<DialogView> dialogsOf(String extension) {
        List<DialogView> out = new ArrayList<>();
        for (Call c : byExtension.getOrDefault(extension, Set.of())) {
            if (c.shownTo(extension)) {
                out.add(c.viewOf(extension));
            }
        }
        return out;
    }

    /** Forgets calls older than {@link #MAX_CALL_MILLIS}, telling their extensions they are idle. */
    void sweep(long now) {
        List<String> old = new ArrayList<>();
        synchronized (this) {
            for (Call c : calls.values()) {
                if (now - c.started > MAX_CALL_MILLIS) {
                    old.add(c.callId);
                }
            }
        }
        old.forEach(this::ended);
    }

    synchronized int size() {
        return calls.size();
    }

    private void move(String callId, String calleeTag, State to) {
        List<Runnable> tell = new ArrayList<>();
        synchronized (this) {
            Call c = calls.get(callId);
            if (c == null || c.state.ordinal() >= to.ordinal()) {
                return;
            }
            c.state = to;
            if (calleeTag != null) {
                c.calleeTag = calleeTag;
            }
            tell.add(snapshot(c.callerExtension));
            if (!c.calleeExtension.equals(c.callerExtension)) {
                tell.add(snapshot(c.calleeExtension));
            }
        }
        tell.forEach(Runnable::run);
    }

    /** The extension's dialogs now, to hand to the listener once the lock is released. Caller holds the lock. */
    private Runnable snapshot(String extension) {
        Snapshot s = new Snapshot(extension, ++seq, dialogsOf(extension));
        return () -> listener.accept(s);
    }

    private void forget(Call c) {
        for (String ext : List.of(c.callerExtension, c.calleeExtension)) {
            Set<Call> set = byExtension.get(ext);
            if (set != null) {
                set.remove(c);
                if (set.isEmpty()) {
                    byExtension.remove(ext);
                }
            }
        }
    }
}
