package io.phonehome.inventory;

import java.util.List;
import java.util.Set;

/** What a site is made of, before it has an id; see {@link Site} for the fields. */
public record SiteSpec(String name, String timeZone, List<String> ntpServers, String language,
                       Registrar registrar1, Registrar registrar2, String provisioningUrl, int recheckMinutes,
                       String phoneAdminPassword, String syslogServer, Set<AuthMethod> authMethods,
                       List<String> trustedNetworks, String digestUser, String digestPassword,
                       int firstProvisioningMinutes) {
    public SiteSpec {
        ntpServers = ntpServers == null ? List.of() : List.copyOf(ntpServers);
        authMethods = authMethods == null ? AuthMethod.DEFAULT : Set.copyOf(authMethods);
        trustedNetworks = trustedNetworks == null ? List.of() : List.copyOf(trustedNetworks);
    }

    /** A site with sensible defaults: public NTP pool, English, Phonehome's own registrar, daily re-check. */
    public static SiteSpec named(String name, String timeZone) {
        return new SiteSpec(name, timeZone, List.of("pool.ntp.org"), "en", null, null, null, 1440, null, null,
                AuthMethod.DEFAULT, List.of(), null, null, 0);
    }

    public SiteSpec withTrustedNetworks(List<String> networks, Set<AuthMethod> methods) {
        return new SiteSpec(name, timeZone, ntpServers, language, registrar1, registrar2, provisioningUrl, recheckMinutes,
                phoneAdminPassword, syslogServer, methods, networks, digestUser, digestPassword, firstProvisioningMinutes);
    }

    public SiteSpec withDigest(String user, String password) {
        return new SiteSpec(name, timeZone, ntpServers, language, registrar1, registrar2, provisioningUrl, recheckMinutes,
                phoneAdminPassword, syslogServer, authMethods, trustedNetworks, user, password, firstProvisioningMinutes);
    }

    @Override
    public String toString() {
        return "SiteSpec[name=" + name + ", timeZone=" + timeZone + ", passwords=****]";
    }
}
