package io.phonehome.sip;

import io.phonehome.sip.location.Flow;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import javax.sip.address.Address;

/**
 * One accepted event subscription (RFC 6665): the dialog the SUBSCRIBE created (Call-ID, the
 * subscriber's tag, ours), who watches what, and what every NOTIFY on it needs. The mutable part
 * (refreshed target and flow, CSeq, document version, expiry) is guarded by the object itself.
 */
final class Subscription {
    final String key;
    final EventPackage eventPackage;
    /** The Event header's id parameter, null when none (RFC 6665 8.2.1). */
    final String eventId;
    final String callId;
    /** The subscriber's tag (its From tag, our NOTIFYs' To tag). */
    final String remoteTag;
    /** Our tag (the 200's To tag, our NOTIFYs' From tag). */
    final String localTag;
    /** The extension of the subscribing line. */
    final String watcher;
    /** The extension whose state or mailbox is watched. */
    final String watched;
    /** The subscriber's From address: our NOTIFYs' To. */
    final Address remote;
    /** The SUBSCRIBE's To address: our NOTIFYs' From. */
    final Address local;
    /** The SUBSCRIBE's Record-Route values, in order: our NOTIFYs' route set (RFC 3261 12.1.1). */
    final List<String> routeSet;

    /** The subscriber's Contact, refreshed by each SUBSCRIBE (target refresh). */
    String target;
    /** Where the subscriber's last SUBSCRIBE came from: our NOTIFYs leave by it (through its NAT). */
    Flow flow;
    long lastRemoteCSeq;
    long localCSeq;
    /** The next dialog-info document's version. */
    long version;
    /** The newest activity snapshot sent, so that an overtaken one is dropped. */
    long lastSnapshot;
    long expiresAtMillis;
    ScheduledFuture<?> timer;
    boolean ended;

    Subscription(String key, EventPackage eventPackage, String eventId, String callId, String remoteTag, String localTag, String watcher,
                 String watched, Address remote, Address local, List<String> routeSet, String target, Flow flow, long cseq) {
        this.key = key;
        this.eventPackage = eventPackage;
        this.eventId = eventId;
        this.callId = callId;
        this.remoteTag = remoteTag;
        this.localTag = localTag;
        this.watcher = watcher;
        this.watched = watched;
        this.remote = remote;
        this.local = local;
        this.routeSet = List.copyOf(routeSet);
        this.target = target;
        this.flow = flow;
        this.lastRemoteCSeq = cseq;
    }

    /** The key of the subscription a SUBSCRIBE or NOTIFY belongs to: its dialog and its event. */
    static String keyOf(String callId, String remoteTag, EventPackage p, String eventId) {
        return callId + '\n' + remoteTag + '\n' + p.token() + '\n' + (eventId == null ? "" : eventId);
    }

    synchronized long remainingSeconds(long now) {
        return Math.max(0, (expiresAtMillis - now + 999) / 1000);
    }
}
