package io.phonehome.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.phonehome.inventory.AuthMethod;
import io.phonehome.inventory.FieldError;
import io.phonehome.inventory.InventoryException;
import io.phonehome.inventory.Registrar;
import io.phonehome.inventory.Site;
import io.phonehome.inventory.SiteSpec;
import io.phonehome.inventory.Transport;
import io.phonehome.inventory.ValidationException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the admin API accepts. Each is read strictly (unknown fields are errors); a PATCH is a
 * JSON merge patch (RFC 7396) applied to the current value in this same shape, then read again,
 * so create and update share one set of rules.
 */
final class Inputs {
    private Inputs() {
    }

    record RegistrarInput(String host, Integer port, String transport) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SiteInput(String name, String timeZone, List<String> ntpServers, String language, RegistrarInput registrar1,
                     RegistrarInput registrar2, String provisioningUrl, Integer recheckMinutes, String phoneAdminPassword,
                     String syslogServer, List<String> authMethods, List<String> trustedNetworks, String digestUser, String digestPassword,
                     Integer firstProvisioningMinutes, Long customerId) {

        static SiteInput of(Site s) {
            return new SiteInput(s.name(), s.timeZone(), s.ntpServers(), s.language(), registrar(s.registrar1()), registrar(s.registrar2()),
                    s.provisioningUrl(), s.recheckMinutes(), s.phoneAdminPassword(), s.syslogServer(), Views.authMethods(s),
                    s.trustedNetworks(), s.digestUser(), s.digestPassword(), s.firstProvisioningMinutes(), s.customerId());
        }

        private static RegistrarInput registrar(Registrar r) {
            return r == null ? null : new RegistrarInput(r.host(), r.port(), r.transport().lower());
        }

        /** The spec, or every problem at once (the site rules themselves are checked by the inventory). */
        SiteSpec toSpec() {
            List<FieldError> errors = new ArrayList<>();
            if (name == null) {
                errors.add(FieldError.of("name", "is required"));
            }
            if (timeZone == null) {
                errors.add(FieldError.of("time_zone", "is required, e.g. Europe/Zurich"));
            }
            Registrar r1 = registrar("registrar1", registrar1, errors);
            Registrar r2 = registrar("registrar2", registrar2, errors);
            java.util.Set<AuthMethod> methods = AuthMethod.DEFAULT;
            if (authMethods != null) {
                try {
                    methods = AuthMethod.parseList(String.join(",", authMethods));
                } catch (InventoryException e) {
                    errors.add(FieldError.of("auth_methods", e.getMessage()));
                }
            }
            if (!errors.isEmpty()) {
                throw new ValidationException(errors);
            }
            return new SiteSpec(name, timeZone, ntpServers == null ? List.of("pool.ntp.org") : ntpServers, language == null ? "en" : language,
                    r1, r2, blankToNull(provisioningUrl), recheckMinutes == null ? 1440 : recheckMinutes, blankToNull(phoneAdminPassword),
                    blankToNull(syslogServer), methods, trustedNetworks, blankToNull(digestUser), blankToNull(digestPassword),
                    firstProvisioningMinutes == null ? 0 : firstProvisioningMinutes);
        }

        private static Registrar registrar(String field, RegistrarInput r, List<FieldError> errors) {
            if (r == null) {
                return null;
            }
            try {
                Transport t = r.transport() == null ? Transport.UDP : Transport.parse(r.transport());
                return new Registrar(r.host(), r.port() == null ? t.defaultPort() : r.port(), t);
            } catch (InventoryException e) {
                errors.add(FieldError.of(field, e.getMessage()));
                return null;
            }
        }
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Where a redirected device is sent (see {@link io.phonehome.inventory.Redirect}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RedirectInput(String url, String username, String password) {
    }

    /**
     * One line of a device, as one row of the import: DECT handsets sharing a line are several
     * entries with the same extension and different handsets.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LineInput(String extension, String displayName, String label, String authUser, String password, String transport, String srtp,
                     Integer handset, String handsetName) {
    }

    /**
     * A device: without {@code lines} (or with an empty list) it has none; a redirected device has
     * a {@code redirect} and neither site nor lines. {@code dectManager}: on a radio base, the MAC
     * of its multi-cell DECT manager (null or empty: none).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DeviceInput(String mac, String model, String vendor, String serial, String site, RedirectInput redirect, List<LineInput> lines,
                       String dectManager) {
        /** The same device with other lines. */
        DeviceInput withLines(List<LineInput> newLines) {
            return new DeviceInput(mac, model, vendor, serial, site, redirect, newLines, dectManager);
        }
    }

    /** The lines of a device, replaced as a whole. */
    record LinesInput(List<LineInput> lines) {
    }

    /** Changes to one line; absent fields stay. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LinePatch(String displayName, String label, String authUser, String password, String transport, String srtp) {
    }

    /** Changes to one DECT handset. */
    record HandsetPatch(String name) {
    }

    /** @param customer the slug of the customer the token is limited to; absent: the whole installation */
    record TokenInput(String name, String role, String customer) {
    }

    /**
     * A remote action over several devices: exactly one of {@code macs}, {@code site_id},
     * {@code filter}.
     */
    record ActionInput(String kind, List<String> macs, Long siteId, DeviceFilterInput filter) {
    }

    /** The device list's filters, as a JSON object. */
    record DeviceFilterInput(Long siteId, String vendor, String model, String firmware, java.time.Instant seenBefore,
                             java.time.Instant seenAfter, Boolean neverSeen, String q, Boolean redirected) {
    }
}
