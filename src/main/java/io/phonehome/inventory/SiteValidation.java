package io.phonehome.inventory;

import java.net.URI;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The rules a {@link SiteSpec} must satisfy; every broken rule is reported, not just the first. */
public final class SiteValidation {
    /** Languages every supported vendor can display (see each plug-in's mapping). */
    public static final Set<String> LANGUAGES = Set.of("en", "de", "fr", "it", "es", "nl", "pt", "pl", "cs", "sv", "da", "nb", "fi", "ru", "tr");
    public static final int MAX_RECHECK_MINUTES = 43_200;
    public static final int MAX_WINDOW_MINUTES = 10_080;

    // The sizes of the sites table's columns (V1_0__inventory.sql): a longer value is refused here,
    // with its field, rather than by the database with a failed write.
    static final int MAX_NTP_SERVERS_TEXT = 500;
    static final int MAX_URL = 500;
    static final int MAX_HOST_PORT = 255;
    static final int MAX_TRUSTED_NETWORKS_TEXT = 1000;
    static final int MAX_DIGEST_PASSWORD = 100;

    private SiteValidation() {
    }

    public static List<FieldError> check(SiteSpec s) {
        List<FieldError> e = new ArrayList<>();
        if (s.name() == null || s.name().isBlank() || s.name().length() > 100 || Texts.hasControlCharacters(s.name())) {
            e.add(FieldError.of("name", "must be 1-100 printable characters"));
        }
        if (s.timeZone() == null || !ZoneId.getAvailableZoneIds().contains(s.timeZone())) {
            e.add(FieldError.of("time_zone", "'" + s.timeZone() + "' is not an IANA time zone (e.g. Europe/Zurich)"));
        }
        if (s.ntpServers().size() > 4) {
            e.add(FieldError.of("ntp_servers", "at most 4 servers"));
        } else if (String.join(",", s.ntpServers()).length() > MAX_NTP_SERVERS_TEXT) {
            e.add(FieldError.of("ntp_servers", "at most " + MAX_NTP_SERVERS_TEXT + " characters together"));
        }
        for (String n : s.ntpServers()) {
            if (!Texts.isHost(n)) {
                e.add(FieldError.of("ntp_servers", "'" + n + "' is not a host name or address"));
            }
        }
        if (s.language() == null || !LANGUAGES.contains(s.language())) {
            e.add(FieldError.of("language", "'" + s.language() + "' must be one of " + String.join(", ", LANGUAGES.stream().sorted().toList())));
        }
        if (s.registrar1() != null && !Texts.isHost(s.registrar1().host())) {
            e.add(FieldError.of("registrar1", "'" + s.registrar1().host() + "' is not a host name or address"));
        }
        if (s.registrar2() != null && s.registrar1() == null) {
            e.add(FieldError.of("registrar2", "a secondary registrar needs a primary one"));
        }
        if (s.registrar2() != null && !Texts.isHost(s.registrar2().host())) {
            e.add(FieldError.of("registrar2", "'" + s.registrar2().host() + "' is not a host name or address"));
        }
        if (s.provisioningUrl() != null && s.provisioningUrl().length() > MAX_URL) {
            e.add(FieldError.of("provisioning_url", "must be at most " + MAX_URL + " characters"));
        } else if (s.provisioningUrl() != null) {
            try {
                URI u = new URI(s.provisioningUrl());
                if (!("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getHost() == null || u.getRawQuery() != null) {
                    throw new IllegalArgumentException();
                }
            } catch (Exception ex) {
                e.add(FieldError.of("provisioning_url", "must be an http(s) URL without query, e.g. https://prov.example.com:8443/"));
            }
        }
        if (s.recheckMinutes() < 0 || s.recheckMinutes() > MAX_RECHECK_MINUTES) {
            e.add(FieldError.of("recheck_minutes", "must be 0.." + MAX_RECHECK_MINUTES));
        }
        if (s.phoneAdminPassword() != null && (s.phoneAdminPassword().length() < 8 || s.phoneAdminPassword().length() > 64
                || Texts.hasControlCharacters(s.phoneAdminPassword()) || s.phoneAdminPassword().contains(" "))) {
            e.add(FieldError.of("phone_admin_password", "must be 8-64 characters without spaces"));
        }
        if (s.syslogServer() != null && (s.syslogServer().length() > MAX_HOST_PORT || !s.syslogServer().matches("[A-Za-z0-9.\\-]+(:\\d{1,5})?"))) {
            e.add(FieldError.of("syslog_server", "must be host or host:port"));
        }
        if (s.authMethods().isEmpty()) {
            e.add(FieldError.of("auth_methods", "at least one of digest, client_cert, network, window"));
        }
        if (String.join(",", s.trustedNetworks()).length() > MAX_TRUSTED_NETWORKS_TEXT) {
            e.add(FieldError.of("trusted_networks", "at most " + MAX_TRUSTED_NETWORKS_TEXT + " characters together"));
        }
        for (String n : s.trustedNetworks()) {
            try {
                Cidr.parse(n);
            } catch (InventoryException ex) {
                e.add(FieldError.of("trusted_networks", ex.getMessage()));
            }
        }
        if (s.authMethods().contains(AuthMethod.NETWORK) && s.trustedNetworks().isEmpty()) {
            e.add(FieldError.of("trusted_networks", "auth method 'network' needs at least one trusted network"));
        }
        if ((s.digestUser() == null) != (s.digestPassword() == null)) {
            e.add(FieldError.of("digest_user", "site digest user and password go together"));
        }
        if (s.digestUser() != null && (s.digestUser().isBlank() || s.digestUser().length() > 64 || Texts.hasControlCharacters(s.digestUser())
                || s.digestUser().contains(":") || s.digestUser().contains("\""))) {
            e.add(FieldError.of("digest_user", "must be 1-64 characters without ':' or '\"'"));
        }
        if (s.digestPassword() != null && (s.digestPassword().length() < 12 || s.digestPassword().length() > MAX_DIGEST_PASSWORD
                || Texts.hasControlCharacters(s.digestPassword()))) {
            e.add(FieldError.of("digest_password", "must be 12-" + MAX_DIGEST_PASSWORD + " characters"));
        }
        if (s.firstProvisioningMinutes() < 0 || s.firstProvisioningMinutes() > MAX_WINDOW_MINUTES) {
            e.add(FieldError.of("first_provisioning_minutes", "must be 0.." + MAX_WINDOW_MINUTES));
        }
        return e;
    }
}
