package io.phonehome.inventory;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a new phone can prove itself at a site, i.e. get its first per-MAC file: a site with
 * no way to is valid (a technician may add the credential later) but every phone of it would be
 * challenged forever, so creating or changing one is answered with warnings that say what to set.
 * The proofs are those {@code DeviceAuthorizer} accepts from a phone that has no credentials of
 * its own yet: the site credential (digest), a client certificate naming the MAC, a trusted
 * network, the first-provisioning window.
 */
public final class SiteProofs {
    private SiteProofs() {
    }

    /** What to set so that new phones can prove themselves; empty when they can. */
    public static List<FieldError> warnings(SiteSpec s) {
        boolean siteCredential = s.authMethods().contains(AuthMethod.DIGEST) && s.digestUser() != null && s.digestPassword() != null;
        boolean certificate = s.authMethods().contains(AuthMethod.CLIENT_CERT);
        boolean network = s.authMethods().contains(AuthMethod.NETWORK) && !s.trustedNetworks().isEmpty();
        boolean window = s.authMethods().contains(AuthMethod.WINDOW) && s.firstProvisioningMinutes() > 0;
        List<FieldError> out = new ArrayList<>();
        if (s.digestUser() != null && !s.authMethods().contains(AuthMethod.DIGEST)) {
            out.add(FieldError.of("auth_methods", "the site credential (digest_user) is set but auth method digest is off, so it opens nothing; "
                    + "add digest to auth_methods"));
        }
        if (s.authMethods().contains(AuthMethod.WINDOW) && s.firstProvisioningMinutes() == 0) {
            out.add(FieldError.of("first_provisioning_minutes", "auth method window is on but the window is 0 minutes, so it opens nothing; "
                    + "set first_provisioning_minutes"));
        }
        if (!siteCredential && !certificate && !network && !window) {
            out.add(FieldError.of("auth_methods", "no new phone can prove itself at this site, so none will get its configuration: set "
                    + "digest_user and digest_password (the site credential of the provisioning URL), or trusted_networks with auth "
                    + "method network, or first_provisioning_minutes with auth method window, or turn on client_cert"));
        } else if (!siteCredential && !network && !window) {
            out.add(FieldError.of("digest_user", "only a client certificate naming the MAC lets a new phone in, and a phone out of the box "
                    + "has one only when its vendor's factory CA is in pki/device-cas/; set digest_user and digest_password (the site "
                    + "credential of the provisioning URL) for the others"));
        }
        return out;
    }
}
