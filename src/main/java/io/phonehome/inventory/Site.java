package io.phonehome.inventory;

import java.util.List;
import java.util.Set;

/**
 * A customer site: where its phones' time, language, registrar and provisioning rules come from.
 *
 * @param registrar1        primary registrar, or null for Phonehome's own SIP core
 * @param provisioningUrl   base URL phones are told to re-check, or null for the URL they used
 * @param recheckMinutes    periodic provisioning re-check interval (0 = only at boot)
 * @param syslogServer      {@code host[:port]} or null
 * @param authMethods       proofs accepted before a per-MAC file is served
 * @param trustedNetworks   CIDRs whose requests count as proof when {@link AuthMethod#NETWORK} is on
 * @param digestUser        site-wide digest user (as carried in an RPS/DHCP URL), or null
 * @param firstProvisioningMinutes minutes after import during which a known MAC is served without proof
 *                          (only when {@link AuthMethod#WINDOW} is on)
 * @param customerId        the customer the site belongs to (see {@link Customer})
 */
public record Site(long id, String name, String timeZone, List<String> ntpServers, String language,
                   Registrar registrar1, Registrar registrar2, String provisioningUrl, int recheckMinutes,
                   String phoneAdminPassword, String syslogServer, Set<AuthMethod> authMethods,
                   List<String> trustedNetworks, String digestUser, String digestPassword,
                   int firstProvisioningMinutes, long revision, long customerId) {
    public Site {
        ntpServers = List.copyOf(ntpServers);
        authMethods = Set.copyOf(authMethods);
        trustedNetworks = List.copyOf(trustedNetworks);
    }

    public SiteSpec spec() {
        return new SiteSpec(name, timeZone, ntpServers, language, registrar1, registrar2, provisioningUrl, recheckMinutes,
                phoneAdminPassword, syslogServer, authMethods, trustedNetworks, digestUser, digestPassword, firstProvisioningMinutes);
    }

    @Override
    public String toString() {
        return "Site[id=" + id + ", name=" + name + ", timeZone=" + timeZone + ", revision=" + revision + ", customer=" + customerId + ", passwords=****]";
    }
}
