package io.phonehome.provisioning;

/** How a per-MAC request fared with the device's authorisation rules. */
public enum AuthOutcome {
    /** Client certificate naming the MAC. */
    GRANTED_CLIENT_CERT,
    /** Request from one of the site's trusted networks. */
    GRANTED_NETWORK,
    /** Inside the first-provisioning window after import. */
    GRANTED_WINDOW,
    /** Digest/Basic with the site's credentials. */
    GRANTED_SITE_CREDENTIALS,
    /** Digest/Basic with the device's own credentials. */
    GRANTED_DEVICE_CREDENTIALS,
    /** No credentials yet: challenge, not a miss. */
    CHALLENGE,
    /** A once-valid nonce that expired: challenge with stale=true, not a miss. */
    STALE,
    /** Credentials given and wrong, or for a device we do not have: a miss. */
    DENIED;

    public boolean granted() {
        return name().startsWith("GRANTED");
    }

    /** The short name in events and the security log. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
