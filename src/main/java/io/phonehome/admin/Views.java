package io.phonehome.admin;

import io.phonehome.inventory.AuthMethod;
import io.phonehome.inventory.Device;
import io.phonehome.inventory.Handset;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.ModelSwap;
import io.phonehome.inventory.Redirect;
import io.phonehome.inventory.Registrar;
import io.phonehome.inventory.Site;
import io.phonehome.inventory.SiteProofs;
import io.phonehome.inventory.SupportedModels;
import io.phonehome.sip.location.Binding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the admin API sends: plain records, snake_case in JSON. Secrets are in them in clear;
 * responses to viewers (and every audit entry) go through {@link Secrets#masked} first.
 */
final class Views {
    private Views() {
    }

    /** A page of a listing; {@code next} is the cursor for the following page, null on the last. */
    record Page<T>(List<T> items, long total, String next) {
    }

    record SiteRef(long id, String name) {
        static SiteRef of(Site s) {
            return s == null ? null : new SiteRef(s.id(), s.name());
        }
    }

    record RegistrarJson(String host, Integer port, String transport) {
        static RegistrarJson of(Registrar r) {
            return r == null ? null : new RegistrarJson(r.host(), r.port(), r.transport().lower());
        }
    }

    record SiteView(long id, String name, String timeZone, List<String> ntpServers, String language, RegistrarJson registrar1,
                    RegistrarJson registrar2, String provisioningUrl, int recheckMinutes, String phoneAdminPassword, String syslogServer,
                    List<String> authMethods, List<String> trustedNetworks, String digestUser, String digestPassword,
                    int firstProvisioningMinutes, long revision, long devices, List<Warning> warnings, long customerId) {
        static SiteView of(Site s, long devices) {
            return new SiteView(s.id(), s.name(), s.timeZone(), s.ntpServers(), s.language(), RegistrarJson.of(s.registrar1()),
                    RegistrarJson.of(s.registrar2()), s.provisioningUrl(), s.recheckMinutes(), s.phoneAdminPassword(), s.syslogServer(),
                    Views.authMethods(s), s.trustedNetworks(), s.digestUser(), s.digestPassword(), s.firstProvisioningMinutes(), s.revision(), devices,
                    SiteProofs.warnings(s.spec()).stream().map(e -> new Warning(e.field(), e.message())).toList(), s.customerId());
        }
    }

    /** Something accepted but probably not meant: the field to look at and what to set. */
    record Warning(String field, String message) {
    }

    static List<String> authMethods(Site s) {
        return s.authMethods().stream().map(m -> m.name().toLowerCase(Locale.ROOT)).sorted().toList();
    }

    /** @param node the node holding the phone's flow (issue 16); null when none is known */
    record RegistrationView(String contact, String source, String transport, String userAgent, Instant expires, String node) {
        static RegistrationView of(Binding b) {
            return new RegistrationView(b.contact(), b.source(), b.transport(), b.userAgent(), b.expires(), b.node());
        }
    }

    /** @param handsets the DECT handsets that use this line */
    record LineView(int position, String extension, String displayName, String label, String authUser, String password, String transport,
                    String srtp, List<Integer> handsets, List<RegistrationView> registrations) {
    }

    /** @param lines the positions of the lines the handset uses; the first is its outgoing line */
    record HandsetView(int index, String name, String ipui, List<Integer> lines) {
        static HandsetView of(Handset h) {
            return new HandsetView(h.index(), h.name(), h.ipui(), h.linePositions());
        }
    }

    record RedirectView(String url, String username, String password) {
        static RedirectView of(Redirect r) {
            return r == null ? null : new RedirectView(r.url(), r.username(), r.password());
        }
    }

    /**
     * A device with everything it is made of.
     *
     * @param provisioningPassword the device's own digest password for fetching its files (user = MAC)
     * @param siteCredential       whether the site credential still opens this device
     */
    record DeviceView(String mac, String vendor, String model, String serial, SiteRef site, RedirectView redirect,
                      String provisioningPassword, SiteCredentialView siteCredential, List<LineView> lines, List<HandsetView> handsets,
                      String reportedModel, String reportedFirmware, Instant lastSeen, String lastAddress, Instant importedAt, long revision,
                      List<Problem> problems, String dectManager, List<DectBaseView> dectBases) {
        /** This view with its multi-cell DECT links: the manager of a radio base, the bases of a manager. */
        DeviceView withDect(io.phonehome.inventory.Mac manager, List<io.phonehome.inventory.DectBase> bases) {
            return new DeviceView(mac, vendor, model, serial, site, redirect, provisioningPassword, siteCredential, lines, handsets, reportedModel,
                    reportedFirmware, lastSeen, lastAddress, importedAt, revision, problems, manager == null ? null : manager.colons(),
                    bases.stream().map(b -> new DectBaseView(b.mac().colons(), b.model(), b.serial(), b.siteName())).toList());
        }
    }

    /** A radio base linked to a multi-cell DECT manager. */
    record DectBaseView(String mac, String model, String serial, String site) {
    }

    /**
     * Something about a device a technician should look at, e.g. {@code model_mismatch}: the
     * phone reports another model than the inventory holds (and whether it is still served).
     */
    record Problem(String type, String message) {
        /** The device's problems as the phone listener judges them (one rule: {@link ModelSwap}). */
        static List<Problem> of(Device d, int lines, SupportedModels models) {
            if (models == null || ModelSwap.obviouslySame(d, d.reportedModel())) {
                return List.of();
            }
            ModelSwap.Judgement swap = ModelSwap.judge(models, d, d.reportedModel(), lines);
            return swap.mismatch() ? List.of(new Problem("model_mismatch", swap.reason())) : List.of();
        }
    }

    /**
     * Whether the site credential (what an RPS or DHCP URL carries) opens this device:
     * {@code armed} until the device proves itself with its own credentials or a client
     * certificate, {@code retired} from then on (or once a re-arm's expiry has passed).
     *
     * @param ownCredentialsSince when the device first proved itself on its own since import or its last re-arm
     * @param rearmedUntil        when a re-arm with an expiry ends (null: no expiry)
     */
    record SiteCredentialView(String state, Instant ownCredentialsSince, Instant rearmedUntil) {
        static SiteCredentialView of(Device d, Instant now) {
            return new SiteCredentialView(d.siteCredentialRetired(now) ? "retired" : "armed", d.ownCredentialsSince(), d.rearmedUntil());
        }
    }

    /** @param models the catalog, to judge a reported model against (null: no problems are looked for) */
    static DeviceView device(Device d, SiteRef site, Redirect redirect, List<Line> lines, List<Handset> handsets,
                             java.util.function.Function<String, List<Binding>> bindings, SupportedModels models) {
        List<LineView> lv = new ArrayList<>();
        for (Line l : lines) {
            List<Integer> hs = handsets.stream().filter(h -> h.linePositions().contains(l.position())).map(Handset::index).toList();
            List<RegistrationView> regs = bindings.apply(l.extension()).stream().map(RegistrationView::of).toList();
            lv.add(new LineView(l.position(), l.extension(), l.displayName(), l.label(), l.authUser(), l.password(), l.transport().lower(),
                    l.srtp().lower(), hs, regs));
        }
        return new DeviceView(d.mac().colons(), d.vendor(), d.model(), d.serial(), site,
                RedirectView.of(redirect), d.provPassword(), SiteCredentialView.of(d, Instant.now()), lv, handsets.stream().map(HandsetView::of).toList(), d.reportedModel(),
                d.reportedFirmware(), d.lastSeen(), d.lastAddress(), d.importedAt(), d.revision(), Problem.of(d, lines.size(), models), null, List.of());
    }

    record LineSummary(String extension, String displayName) {
    }

    record DeviceSummary(String mac, String vendor, String model, String serial, SiteRef site, String redirectUrl, List<LineSummary> lines,
                         String reportedModel, String reportedFirmware, Instant lastSeen, String lastAddress) {
    }

    static List<String> authMethodNames() {
        return java.util.Arrays.stream(AuthMethod.values()).map(m -> m.name().toLowerCase(Locale.ROOT)).toList();
    }
}
