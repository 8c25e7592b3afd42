package io.phonehome.phones.snom;

import io.phonehome.phones.ConfigModel;
import io.phonehome.phones.RenderException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The template values of the M-series DECT format (templates/snom/m-dect/), put under
 * {@code vendor.dect}. The file is the desk phones' {@code <settings><phone-settings>} container,
 * but an M-series base does not hold a registrar per account as the desk phones do: it keeps a
 * short table of SIP server slots ({@code srv_sip_server_alias}, {@code user_host},
 * {@code user_outbound}... with idx = slot) and a table of extensions (idx = account) that each
 * name their slot ({@code subscr_sip_ua_data_server_id}) and their handset
 * ({@code subscr_sip_hs_idx}, and the handset's IPEI in {@code subscr_dect_ipui})
 * (wazo-provd-plugins {@code plugins/wazo_snom/common_dect/templates/base.tpl} and
 * {@code base-new.tpl}; the same keys in an M400 provisioning script and an M700 extension
 * generator found in public code).
 */
final class SnomDectValues {
    /** Server slots of the base (Wazo's DECT plug-in stops at 10: "Maximum number of valid server reached"). */
    static final int MAX_SERVERS = 10;
    /** Base firmware {@code NN.NN.NNNN}, as the User-Agent reports it and the .fwu file name encodes it. */
    private static final Pattern VERSION = Pattern.compile("(\\d{2})\\.(\\d{2})\\.(\\d{4})");

    private SnomDectValues() {
    }

    static Map<String, Object> values(ConfigModel model) {
        Map<String, Object> d = new LinkedHashMap<>();
        List<ServerKey> servers = new ArrayList<>();
        List<Object> extensions = new ArrayList<>();
        Set<Integer> used = new HashSet<>();
        for (ConfigModel.LineInfo line : model.lines()) {
            ServerKey key = new ServerKey(line.server().host(), line.server().port(), line.server().transport().lower(),
                    line.srtp().lower().equals("off") ? "disabled" : "enabled", line.expiresSeconds());
            int server = servers.indexOf(key);
            if (server < 0) {
                servers.add(key);
                server = servers.size() - 1;
            }
            if (servers.size() > MAX_SERVERS) {
                throw new RenderException(model.model().name() + " holds at most " + MAX_SERVERS + " SIP servers; the lines of "
                        + model.device().mac().colons() + " need more (registrar, port, transport, SRTP and expiry each make one)");
            }
            ConfigModel.HandsetInfo handset = handsetOf(model.handsets(), line.index());
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("idx", line.index());
            e.put("server", server + 1);
            e.put("handset", handset != null ? handset.index() : line.index());
            if (handset != null && handset.ipui() != null && !handset.ipui().isEmpty()) {
                e.put("ipui", handset.ipui());
            } else {
                e.put("ac_code", accessCode(line.index()));
            }
            extensions.add(e); // in the order of model.lines(): the template pairs them by position
            used.add(line.index());
        }
        List<Object> serverRows = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            ServerKey s = servers.get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("idx", i + 1);
            m.put("host", s.host());
            m.put("port", s.port());
            m.put("transport", s.transport());
            m.put("srtp", s.srtp());
            m.put("expiry", s.expiry());
            serverRows.add(m);
        }
        List<Integer> unused = new ArrayList<>();
        for (int i = 1; i <= model.model().accounts(); i++) {
            if (!used.contains(i)) {
                unused.add(i);
            }
        }
        if (model.site() != null) {
            d.put("language", language(model.site().language()));
        }
        d.put("servers", serverRows);
        d.put("extensions", extensions);
        d.put("unused_extensions", unused);
        d.put("unused_servers", unusedServers(servers.size()));
        if (model.firmware() != null) {
            d.put("firmware", firmware(model.firmware()));
        }
        return d;
    }

    /**
     * The base's {@code language} and {@code web_language}: the names Wazo's M-series plug-in
     * writes ({@code common_dect/common.py} {@code _LOCALE}), which differ from the desk phones'
     * for Dutch ({@code Dutch}, not {@code Nederlands}); English for a language that list lacks.
     */
    static String language(String code) {
        return switch (code) {
            case "de" -> "Deutsch";
            case "fr" -> "Francais";
            case "it" -> "Italiano";
            case "es" -> "Espanol";
            case "nl" -> "Dutch";
            default -> "English";
        };
    }

    /** One server slot: the lines that agree on all of these share it. */
    private record ServerKey(String host, int port, String transport, String srtp, int expiry) {
    }

    private static ConfigModel.HandsetInfo handsetOf(List<ConfigModel.HandsetInfo> handsets, int lineIndex) {
        for (ConfigModel.HandsetInfo h : handsets) {
            if (h.lines().contains(lineIndex)) {
                return h;
            }
        }
        return null;
    }

    private static List<Integer> unusedServers(int used) {
        List<Integer> out = new ArrayList<>();
        for (int i = used + 1; i <= MAX_SERVERS; i++) {
            out.add(i);
        }
        return out;
    }

    /**
     * The code a handset without a known IPEI enters to subscribe to this extension: the
     * extension's index in four digits, as Wazo's M-series plug-in documents it
     * ({@code v05_20_0001/install.md}, "Handset authentication code").
     */
    static String accessCode(int index) {
        return String.format(Locale.ROOT, "%04d", index);
    }

    /**
     * Where the base finds its image and which one: the base builds the file name itself,
     * {@code <MODEL>_v<SSSS>_b<BBBB>.fwu}, from {@code fp_fwu_sw_version} and
     * {@code fp_fwu_branch_version} and appends it to {@code firmware}, a directory (Wazo's
     * {@code snom-model-firmware.xml.tpl.btpl} writes the server root there and serves
     * {@code M900_v0520_b0001.fwu} for 05.20.0001). So the directory is the image URL without its
     * last segment, which keeps the per-device download token segment.
     */
    static Map<String, Object> firmware(ConfigModel.FirmwareInfo fw) {
        Matcher v = VERSION.matcher(fw.version());
        if (!v.matches()) {
            throw new RenderException("M-series firmware version '" + fw.version() + "' is not NN.NN.NNNN");
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("directory", fw.url().substring(0, fw.url().lastIndexOf('/') + 1));
        f.put("sw_version", Integer.toString(Integer.parseInt(v.group(1) + v.group(2))));
        f.put("branch_version", Integer.toString(Integer.parseInt(v.group(3))));
        return f;
    }
}
