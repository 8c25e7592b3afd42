package io.phonehome.sip;

import io.phonehome.auth.ProbeLimiter;
import io.phonehome.events.SecurityLog;
import java.util.Locale;

/**
 * Protection of the SIP core against password guessing and extension scanning: failed
 * authentications are counted per source address ({@link ProbeLimiter}); a source that fails too
 * often is blocked (its packets are dropped by {@link RequestValve}) and every failure and
 * block is written to the security log for fail2ban, with service {@code sip}. A request naming a
 * known scanner in its User-Agent blocks its source at once, whatever the method. The first,
 * unauthenticated request of a phone is never a failure: only wrong answers to a challenge are.
 * Its block list is the {@link ProbeLimiter}'s table; it keeps none of its own.
 */
final class SipGuard {
    /** User-Agents of well-known SIP scanners (SIPVicious and friends): blocked on sight. */
    private static final String[] SCANNERS = {"friendly-scanner", "sipvicious", "sipcli", "sip-scan", "sipsak", "vaxsipuseragent", "iwar",
        "sundayddr", "pplsip", "smap"};

    private final ProbeLimiter limiter;
    private final SecurityLog security;
    private final long blockSeconds;

    SipGuard(ProbeLimiter limiter, SecurityLog security, long blockSeconds) {
        this.limiter = limiter;
        this.security = security;
        this.blockSeconds = blockSeconds;
    }

    boolean isBlocked(String address) {
        return limiter.isBlocked(address);
    }

    /**
     * A failed authentication (wrong password, unknown user, a replayed nonce that is not a
     * retransmission). Returns true when this failure blocked the source.
     */
    boolean authFailure(String address, String method, String user, String reason) {
        security.write("auth_failure", "sip", address, "method", method, "user", user, "reason", reason);
        return recordMiss(address);
    }

    /**
     * A request for a SIP domain no customer here has, or across two customers' domains (issue 17):
     * written to the security log and counted like a failed authentication, since trying domains
     * is how a scanner looks for tenants.
     */
    boolean domainRefused(String address, String method, String domain, String reason) {
        security.write("domain_refused", "sip", address, "method", method, "domain", domain == null ? "" : domain, "reason", reason);
        return recordMiss(address);
    }

    /**
     * A datagram that does not parse as SIP. Counted like a failed authentication: a source that
     * keeps sending garbage is blocked, and then dropped before parsing ({@link GuardedUdpProcessorFactory}).
     */
    void malformed(String address) {
        if (limiter.isBlocked(address)) {
            return;
        }
        security.write("malformed", "sip", address);
        recordMiss(address);
    }

    /** A request whose User-Agent names a known scanner: blocked at once. */
    boolean isScanner(String userAgent) {
        if (userAgent == null || userAgent.isEmpty()) {
            return false;
        }
        String ua = userAgent.toLowerCase(Locale.ROOT);
        for (String s : SCANNERS) {
            if (ua.startsWith(s) || ua.contains(s)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Blocks a scanner's source. Logged once per block: the requests of a flood that worker threads
     * were already handling when the block began are dropped without a line each.
     */
    void scanner(String address, String method, String userAgent) {
        if (limiter.block(address)) {
            security.write("scanner", "sip", address, "method", method, "user_agent", userAgent);
            security.banned("sip", address, "scanner", blockSeconds);
        }
    }

    private boolean recordMiss(String address) {
        if (limiter.recordMiss(address)) {
            security.banned("sip", address, "too_many_failures", blockSeconds);
            return true;
        }
        return false;
    }
}
