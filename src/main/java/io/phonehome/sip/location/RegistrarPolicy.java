package io.phonehome.sip.location;

/**
 * The registrar's limits (from the {@code sip_register_*} settings).
 *
 * @param refreshWriteSlackSeconds a refresh that only moves the expiry is written to the database
 *        when the stored expiry lags by more than min(this, interval/4): the price of one database
 *        write per REGISTER is paid at most once a minute per contact
 */
public record RegistrarPolicy(long minExpiresSeconds, long maxExpiresSeconds, long defaultExpiresSeconds, int maxContacts,
                              long refreshWriteSlackSeconds) {
    public RegistrarPolicy {
        if (minExpiresSeconds < 1 || minExpiresSeconds > maxExpiresSeconds || defaultExpiresSeconds < minExpiresSeconds
                || defaultExpiresSeconds > maxExpiresSeconds || maxContacts < 1) {
            throw new IllegalArgumentException("inconsistent registrar policy " + this);
        }
    }

    /** Applies default and maximum; returns 0 for removal and -1 when below the minimum. */
    long grant(long requested) {
        if (requested == 0) {
            return 0;
        }
        if (requested < 0) {
            return defaultExpiresSeconds;
        }
        if (requested < minExpiresSeconds) {
            return -1;
        }
        return Math.min(requested, maxExpiresSeconds);
    }

    long refreshSlackMillis(long grantedSeconds) {
        return Math.min(refreshWriteSlackSeconds, grantedSeconds / 4) * 1000;
    }
}
