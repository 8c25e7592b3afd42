package io.phonehome.console;

import io.phonehome.inventory.AuthMethod;
import io.phonehome.inventory.Customer;
import io.phonehome.inventory.FieldError;
import io.phonehome.inventory.InventoryException;
import io.phonehome.inventory.Registrar;
import io.phonehome.inventory.Site;
import io.phonehome.inventory.SiteSpec;
import io.phonehome.inventory.Transport;
import io.phonehome.inventory.ValidationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sites: the list (phones per site, customer, time zone) and a form to create or edit one with the
 * fields of the API's site routes that are not secrets (the phone admin password and the site
 * digest credentials stay the API's and the CLI's; an edit keeps them as they are). The inventory
 * checks the site as it checks the API's, and each problem is shown beside its field; nothing is
 * written while one remains. Creating and changing need the technician role, as in the API; the
 * change and its audit entry are one transaction.
 */
final class SitesPage {
    /** The form's fields, by the API's names (which the inventory's field errors use). */
    static final List<String> FIELDS = List.of("name", "customer_id", "time_zone", "language", "ntp_servers", "recheck_minutes",
            "provisioning_url", "syslog_server", "registrar1", "registrar1_port", "registrar1_transport", "auth_methods", "trusted_networks");
    private final Console c;

    SitesPage(Console c) {
        this.c = c;
    }

    void handle(Req r, List<String> seg) {
        if (seg.size() == 1 && !r.post()) {
            list(r);
        } else if (seg.size() == 2 && seg.get(1).equals("new")) {
            Console.require(r, Access.TECHNICIAN);
            if (r.post()) {
                save(r, null);
            } else {
                form(r, null, values(null), Map.of(), 200);
            }
        } else if (seg.size() == 2 && seg.get(1).matches("[0-9]{1,18}")) {
            Site s = c.d.inventory().sites().findById(Long.parseLong(seg.get(1)))
                    .orElseThrow(() -> new ConsoleException(404, r.t.get("error.notFound")));
            if (r.post()) {
                Console.require(r, Access.TECHNICIAN);
                save(r, s);
            } else {
                form(r, s, values(s), Map.of(), 200);
            }
        } else {
            throw new ConsoleException(404, r.t.get("error.notFound"));
        }
    }

    private void list(Req r) {
        Map<Long, Long> counts = c.d.inventory().search().countBySite();
        Map<Long, String> customers = new LinkedHashMap<>();
        for (Customer cu : c.d.inventory().customers().list()) {
            customers.put(cu.id(), cu.name());
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Site s : c.d.inventory().sites().list()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", String.valueOf(s.id()));
            m.put("name", s.name());
            m.put("customer", customers.getOrDefault(s.customerId(), ""));
            m.put("timeZone", s.timeZone());
            m.put("language", s.language());
            m.put("devices", counts.getOrDefault(s.id(), 0L));
            rows.add(m);
        }
        rows.sort((a, b) -> ((String) a.get("name")).compareToIgnoreCase((String) b.get("name")));
        Map<String, Object> m = c.model(r, "sites");
        m.put("sites", rows);
        m.put("multiCustomer", customers.size() > 1);
        Console.html(r.ex, 200, c.pages.render("sites.ftlh", m));
    }

    /** The form's values for this site (or a new one's defaults), as text. */
    private Map<String, String> values(Site s) {
        SiteSpec spec = s == null ? SiteSpec.named("", "Europe/Zurich") : s.spec();
        Map<String, String> v = new LinkedHashMap<>();
        v.put("name", spec.name());
        v.put("customer_id", String.valueOf(s == null ? c.d.inventory().customers().defaultCustomer().id() : s.customerId()));
        v.put("time_zone", spec.timeZone());
        v.put("language", spec.language());
        v.put("ntp_servers", String.join(", ", spec.ntpServers()));
        v.put("recheck_minutes", String.valueOf(spec.recheckMinutes()));
        v.put("provisioning_url", FleetPage.nz(spec.provisioningUrl()));
        v.put("syslog_server", FleetPage.nz(spec.syslogServer()));
        v.put("registrar1", spec.registrar1() == null ? "" : spec.registrar1().host());
        v.put("registrar1_port", spec.registrar1() == null ? "" : String.valueOf(spec.registrar1().port()));
        v.put("registrar1_transport", spec.registrar1() == null ? "udp" : spec.registrar1().transport().lower());
        v.put("auth_methods", AuthMethod.format(spec.authMethods()));
        v.put("trusted_networks", String.join(", ", spec.trustedNetworks()));
        return v;
    }

    private void save(Req r, Site before) {
        Map<String, String> v = new LinkedHashMap<>();
        for (String f : FIELDS) {
            v.put(f, r.field(f) == null ? "" : r.field(f));
        }
        List<FieldError> errors = new ArrayList<>();
        SiteSpec base = before == null ? SiteSpec.named("", "") : before.spec();
        Integer recheck = number(v.get("recheck_minutes"), "recheck_minutes", errors);
        Registrar registrar = null;
        if (!v.get("registrar1").isEmpty()) {
            try {
                Transport t = Transport.parse(v.get("registrar1_transport").isEmpty() ? "udp" : v.get("registrar1_transport"));
                Integer port = v.get("registrar1_port").isEmpty() ? Integer.valueOf(t.defaultPort()) : number(v.get("registrar1_port"), "registrar1_port", errors);
                registrar = port == null ? null : new Registrar(v.get("registrar1"), port, t);
            } catch (InventoryException e) {
                errors.add(FieldError.of("registrar1", e.getMessage()));
            }
        }
        Set<AuthMethod> methods = base.authMethods();
        try {
            methods = AuthMethod.parseList(v.get("auth_methods"));
        } catch (InventoryException e) {
            errors.add(FieldError.of("auth_methods", e.getMessage()));
        }
        long customer;
        try {
            customer = Long.parseLong(v.get("customer_id"));
        } catch (NumberFormatException e) {
            customer = c.d.inventory().customers().defaultCustomer().id();
        }
        if (c.d.inventory().customers().findById(customer).isEmpty()) {
            errors.add(FieldError.of("customer_id", "customer " + v.get("customer_id") + " does not exist"));
        }
        if (!errors.isEmpty()) {
            form(r, before, v, byField(errors), 422);
            return;
        }
        SiteSpec spec = new SiteSpec(v.get("name"), v.get("time_zone"), list(v.get("ntp_servers")), v.get("language"), registrar,
                registrar == null ? null : base.registrar2(), blank(v.get("provisioning_url")), recheck, base.phoneAdminPassword(),
                blank(v.get("syslog_server")), methods, list(v.get("trusted_networks")), base.digestUser(), base.digestPassword(),
                base.firstProvisioningMinutes());
        long toCustomer = customer;
        try {
            Site saved = c.d.inventory().jdbc().inTransaction(() -> {
                Site s;
                if (before == null) {
                    s = c.d.inventory().createSite(toCustomer, spec);
                    c.d.gate().audit(r.person(), "site.create", "site " + s.id(), null, auditView(s));
                } else {
                    s = c.d.inventory().updateSite(before.id(), spec);
                    if (s.customerId() != toCustomer) {
                        c.d.inventory().sites().moveToCustomer(s.id(), toCustomer);
                        s = c.d.inventory().sites().findById(s.id()).orElseThrow();
                    }
                    c.d.gate().audit(r.person(), "site.update", "site " + s.id(), auditView(before), auditView(s));
                }
                return s;
            });
            r.session.flash(Map.of("kind", "ok", "text", r.t.get(before == null ? "sites.created" : "sites.saved").replace("{0}", saved.name())));
            Console.redirect(r.ex, "/sites");
        } catch (ValidationException e) {
            form(r, before, v, byField(e.errors()), 422);
        } catch (InventoryException e) {
            // a name another site has, or the like: said beside the name
            form(r, before, v, byField(List.of(FieldError.of("name", e.getMessage()))), 422);
        }
    }

    /** What the audit log keeps of a site: its fields without the secrets (the API's entry masks them; these are left out). */
    static Map<String, Object> auditView(Site s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("name", s.name());
        m.put("customer_id", s.customerId());
        m.put("time_zone", s.timeZone());
        m.put("language", s.language());
        m.put("ntp_servers", s.ntpServers());
        m.put("recheck_minutes", s.recheckMinutes());
        m.put("provisioning_url", s.provisioningUrl());
        m.put("syslog_server", s.syslogServer());
        m.put("registrar1", s.registrar1() == null ? null : s.registrar1().host() + ":" + s.registrar1().port() + ";" + s.registrar1().transport().lower());
        m.put("auth_methods", AuthMethod.format(s.authMethods()));
        m.put("trusted_networks", s.trustedNetworks());
        return m;
    }

    private void form(Req r, Site site, Map<String, String> values, Map<String, String> errors, int status) {
        Map<String, Object> m = c.model(r, "sites");
        m.put("site", site == null ? null : Map.of("id", String.valueOf(site.id()), "name", site.name()));
        m.put("v", values);
        m.put("errors", errors);
        m.put("customers", c.d.inventory().customers().list().stream().map(cu -> Map.of("id", String.valueOf(cu.id()), "name", cu.name())).toList());
        m.put("canEdit", r.person().access().allows(Access.TECHNICIAN));
        Console.html(r.ex, status, c.pages.render("site.ftlh", m));
    }

    /** The first problem of each field, by the form's field names (the API's registrar1 covers the registrar's three inputs). */
    private static Map<String, String> byField(List<FieldError> errors) {
        Map<String, String> out = new LinkedHashMap<>();
        for (FieldError e : errors) {
            String f = e.field().equals("customer") ? "customer_id" : e.field();
            if (!FIELDS.contains(f)) {
                f = "name"; // a rule about a field this form does not show (a secret kept as it was): said at the top field
            }
            out.merge(f, e.message(), (a, b) -> a + "; " + b);
        }
        return out;
    }

    private static Integer number(String s, String field, List<FieldError> errors) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            errors.add(FieldError.of(field, "must be a whole number"));
            return null;
        }
    }

    private static List<String> list(String s) {
        return s.isBlank() ? List.of() : Arrays.stream(s.split("[,\\s]+")).filter(x -> !x.isEmpty()).toList();
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
