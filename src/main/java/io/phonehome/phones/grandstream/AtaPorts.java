package io.phonehome.phones.grandstream;

import io.phonehome.phones.ConfigModel;
import io.phonehome.phones.RenderException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The P-values of the FXS ports of an HT8xx analog adapter (catalog {@code format=ht}): each port is
 * one line, and the two hardware generations number them differently ({@code port_layout}).
 *
 * <ul>
 * <li>{@code profile} (HT701, HT702, HT801, HT802, HT813; FusionPBX's ht701/ht702 templates for
 *     firmware 1.0.5.2 number the ports the same way): every port has a profile of its own with the whole
 *     account in it. Port 1 has the historical numbers (P271 active, P47 server, P35 user id...);
 *     port 2 has the P7xx block (P401 active, P747 server, P735 user id, P736 auth id, P734
 *     password, P703 name, P830 transport, P443 SRTP, P731 registration, P732 expiry, P987
 *     failover, P743 proxy only). Sources: FusionPBX
 *     {@code resources/templates/provision/grandstream/ht802/{$mac}.xml} ("Configuration template
 *     for HT80x firmware version 1.0.10.6", section "FXS PORT 2 Settings"), and wazo-provd's
 *     {@code plugins/wazo_grandstream/common_ata/templates/HT802V2.tpl} (port 2 at P735/P736/P734/
 *     P747/P703). wazo's older {@code base.tpl} writes port 2 into the desk phones' P4xx block, which
 *     is why that rule is not used here.</li>
 * <li>{@code table} (HT704, HT812, HT814, HT818): the ports are the rows of the {@link AccountTable}
 *     (P4060+n user id, P4090+n auth id, P4120+n password, P4180+n name, P4150+n profile, P4595+n
 *     enable, n = port - 1) and register through a shared profile whose server, transport, SRTP
 *     and expiry are P47, P130, P183, P32 as on port 1 of the HT80x. Sources: FusionPBX {@code grandstream/ht814/{$mac}.xml}
 *     ("Configuration template for HT81x firmware version 1.0.63.3", "FXS Ports" 1-4) and
 *     {@code grandstream/ht818/{$mac}.xml} (ports 1-8). Every port uses profile 1; profile 2 is
 *     switched off, as those templates do. So the lines of one adapter must share their registrar,
 *     transport, SRTP mode and expiry: a device whose lines differ cannot be written and is a
 *     render error naming the lines, never a silently wrong port.</li>
 * </ul>
 *
 * <p>Each profile also has "SIP URI Scheme When Using TLS" (P2329 profile 1, P2429 profile 2) and
 * "Trusted CA certificates" (P2386, P2486), from the same FusionPBX ht802/ht814 templates.
 *
 * <p>P26015 is "Allow SIP Factory Reset" on these adapters (not "Allow SIP Reset" as on the desk
 * phones), so the template keeps it off.
 */
final class AtaPorts {
    static final String FORMAT = "ht";
    /**
     * "Prefer Primary SIP Server" of profile 1 (port 2's own profile: P4568): 0 no (the default), 1 back to
     * the primary when the registration on the failover server expires, 2 back to the primary as soon as
     * it answers. Source: FS PBX's "Grandstream HT80x V2" template
     * ({@code nemerald-voip/fspbx resources/provisioning/grandstream/HT80x V2/template.blade.php}, FXS
     * ports 1 and 2), matching the HT802 V2 web interface, which lists P4567 "Prefer Primary SIP Server"
     * beside P47 and P967 on Port 1's general page.
     */
    static final int PREFER_PRIMARY_PROFILE_1 = 4567;
    static final String LAYOUT_ATTRIBUTE = "port_layout";
    /** Ports whose numbers the sources give: two on the per-port-profile adapters, eight in the port table. */
    static final int MAX_PROFILE_PORTS = 2;
    static final int MAX_TABLE_PORTS = 8; // the HT818; the table itself has AccountTable.MAX_ROWS

    /** One port of the per-port-profile layout: the element names of its account. */
    record ProfilePort(int port, int active, int server, int failover, int userId, int authId, int password, int name,
                       int transport, int srtp, int registration, int expiresMinutes, int proxyOnly, int uriSchemeWhenTls,
                       int trustedCa, int preferPrimary) {
        static ProfilePort of(int port) {
            return switch (port) {
                case 1 -> new ProfilePort(1, 271, 47, 967, 35, 36, 34, 3, 130, 183, 31, 32, 243, 2329, 2386, PREFER_PRIMARY_PROFILE_1);
                case 2 -> new ProfilePort(2, 401, 747, 987, 735, 736, 734, 703, 830, 443, 731, 732, 743, 2429, 2486, 4568);
                default -> throw new IllegalArgumentException("HT80x P-values are known for FXS ports 1 and 2, not " + port);
            };
        }

        Map<String, Object> toTemplateData() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("port", port);
            m.put("active", p(active));
            m.put("server", p(server));
            m.put("failover", p(failover));
            m.put("user_id", p(userId));
            m.put("auth_id", p(authId));
            m.put("password", p(password));
            m.put("name", p(name));
            m.put("transport", p(transport));
            m.put("srtp", p(srtp));
            m.put("registration", p(registration));
            m.put("expires_minutes", p(expiresMinutes));
            m.put("proxy_only", p(proxyOnly));
            m.put("uri_scheme_when_tls", p(uriSchemeWhenTls));
            m.put("trusted_ca", p(trustedCa));
            m.put("prefer_primary", p(preferPrimary));
            return m;
        }
    }

    private AtaPorts() {
    }

    /**
     * The template data of an adapter: {@code layout}, {@code ports} (port N at index N-1, with
     * {@code line} set when the inventory gives it a line) and, for the port table, the shared
     * profile's {@code profile_line}, the index of the line whose registrar settings every port uses.
     */
    static Map<String, Object> templateData(ConfigModel model) {
        ConfigModel.ModelData m = model.model();
        String layout = m.attributes().getOrDefault(LAYOUT_ATTRIBUTE, "");
        int count = m.accounts();
        int max = switch (layout) {
            case "profile" -> MAX_PROFILE_PORTS;
            case "table" -> MAX_TABLE_PORTS;
            default -> throw new RenderException("the catalog gives " + m.vendor() + " " + m.name() + " port_layout='" + layout
                    + "'; an HT adapter is 'profile' (one profile per port) or 'table' (FXS port table)");
        };
        if (count > max) {
            throw new RenderException("the catalog gives " + m.vendor() + " " + m.name() + " " + count + " ports; the "
                    + layout + " layout has P-values for ports 1 to " + max);
        }
        Map<Integer, ConfigModel.LineInfo> byPort = new LinkedHashMap<>();
        for (ConfigModel.LineInfo l : model.lines()) {
            if (l.index() < 1 || l.index() > count) {
                throw new RenderException("line " + l.index() + " does not exist on a " + m.name() + " (" + count + " FXS port"
                        + (count == 1 ? "" : "s") + ")");
            }
            byPort.put(l.index(), l);
        }
        List<Object> ports = new ArrayList<>();
        for (int port = 1; port <= count; port++) {
            Map<String, Object> data = layout.equals("profile") ? ProfilePort.of(port).toTemplateData() : AccountTable.row(port);
            data.put("used", byPort.containsKey(port));
            ports.add(data);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("layout", layout);
        out.put("ports", ports);
        if (layout.equals("table") && !byPort.isEmpty()) {
            out.put("profile_line", AccountTable.sharedProfileLine(m.name(), "FXS ports", List.copyOf(byPort.values())));
        }
        return out;
    }

    private static String p(int n) {
        return "P" + n;
    }
}
