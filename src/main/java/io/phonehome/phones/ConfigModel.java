package io.phonehome.phones;

import io.phonehome.inventory.Mac;
import io.phonehome.inventory.Srtp;
import io.phonehome.inventory.Transport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The typed, vendor-neutral model a configuration file is rendered from. Built by
 * {@link ConfigModelBuilder}; turned into plain maps, lists, strings, numbers and booleans by
 * {@link #toTemplateData()} so that no Java object ever reaches a template. The keys templates
 * see are documented in {@code templates/README.md}.
 *
 * @param device   null for a common (model) file
 * @param site     null for a common file
 * @param timeZone null for a common file
 * @param firmware null unless the device should be told to upgrade
 * @param bases    the radio bases a multi-cell DECT manager pre-registers (empty for anything else)
 * @param keys     the device's programmable keys (empty for a common file and a device without keys)
 * @param settings the device's effective layered settings ({@link SettingsInfo#NONE} for a common or redirect file)
 * @param phonebook where the device's company phonebook is and, for the phonebook file itself, its
 *                 entries; null for a file of no device (common and redirect files)
 */
public record ConfigModel(DeviceInfo device, ModelData model, SiteInfo site, TimeZoneRule timeZone, List<LineInfo> lines,
                          List<HandsetInfo> handsets, ProvisioningInfo provisioning, FirmwareInfo firmware, ServerInfo server,
                          List<BaseInfo> bases, List<KeyInfo> keys, SettingsInfo settings, PhonebookInfo phonebook) {
    /**
     * The layered setting that, where set, replaces the site's phone admin password in a device's
     * files (only per-device files carry settings, so it never reaches a common file).
     */
    public static final String ADMIN_PASSWORD_SETTING = "phone.admin_password";
    /**
     * The layered setting holding the number the phones dial for their mailbox; a voicemail key
     * entered without a value dials it (see {@link ConfigModelBuilder}).
     */
    public static final String VOICEMAIL_NUMBER_SETTING = "voicemail.number";
    /** The typed setting naming the second Phonehome node (host[:port]) of a site on Phonehome's own SIP core. */
    public static final String SECONDARY_SERVER_SETTING = "sip.secondary_server";

    public ConfigModel {
        lines = List.copyOf(lines);
        handsets = List.copyOf(handsets);
        bases = List.copyOf(bases);
        keys = List.copyOf(keys);
        settings = settings == null ? SettingsInfo.NONE : settings;
    }

    /** The model of a device without programmable keys, layered settings or a company phonebook. */
    public ConfigModel(DeviceInfo device, ModelData model, SiteInfo site, TimeZoneRule timeZone, List<LineInfo> lines,
                       List<HandsetInfo> handsets, ProvisioningInfo provisioning, FirmwareInfo firmware, ServerInfo server,
                       List<BaseInfo> bases) {
        this(device, model, site, timeZone, lines, handsets, provisioning, firmware, server, bases, List.of(), SettingsInfo.NONE, null);
    }

    /** The model of a device without layered settings or a company phonebook. */
    public ConfigModel(DeviceInfo device, ModelData model, SiteInfo site, TimeZoneRule timeZone, List<LineInfo> lines,
                       List<HandsetInfo> handsets, ProvisioningInfo provisioning, FirmwareInfo firmware, ServerInfo server,
                       List<BaseInfo> bases, List<KeyInfo> keys) {
        this(device, model, site, timeZone, lines, handsets, provisioning, firmware, server, bases, keys, SettingsInfo.NONE, null);
    }

    /** The model of a file without a company phonebook (it is added by {@link #withPhonebook}). */
    public ConfigModel(DeviceInfo device, ModelData model, SiteInfo site, TimeZoneRule timeZone, List<LineInfo> lines,
                       List<HandsetInfo> handsets, ProvisioningInfo provisioning, FirmwareInfo firmware, ServerInfo server,
                       List<BaseInfo> bases, List<KeyInfo> keys, SettingsInfo settings) {
        this(device, model, site, timeZone, lines, handsets, provisioning, firmware, server, bases, keys, settings, null);
    }

    /** This model with {@code phonebook} (the vendor's phonebook URL is only known once the plug-in is). */
    public ConfigModel withPhonebook(PhonebookInfo phonebook) {
        return new ConfigModel(device, model, site, timeZone, lines, handsets, provisioning, firmware, server, bases, keys, settings, phonebook);
    }

    /**
     * The device's company phonebook.
     *
     * @param url            the full HTTPS URL the phone fetches it from
     * @param refreshMinutes how often the phone fetches it again
     * @param entries        the entries, for the phonebook file itself; empty for a configuration file
     */
    public record PhonebookInfo(String url, int refreshMinutes, String title, List<PhonebookEntry> entries) {
        public PhonebookInfo {
            entries = List.copyOf(entries);
        }
    }

    /**
     * One name in a phonebook: a line of the inventory (its extension is the office number) or an
     * imported contact. Empty strings for numbers it does not have.
     */
    public record PhonebookEntry(String name, String company, String office, String mobile, String other, boolean line) {
    }

    /** The model of a device that lists no radio bases. */
    public ConfigModel(DeviceInfo device, ModelData model, SiteInfo site, TimeZoneRule timeZone, List<LineInfo> lines,
                       List<HandsetInfo> handsets, ProvisioningInfo provisioning, FirmwareInfo firmware, ServerInfo server) {
        this(device, model, site, timeZone, lines, handsets, provisioning, firmware, server, List.of(), List.of());
    }

    /**
     * A programmable key in Phonehome's generic terms; each plug-in maps the type to its vendor's
     * key names and codes ({@link PhonePlugin#keyTypes}).
     *
     * @param module   0 for a key of the phone itself, M (1-based) for expansion module M
     * @param position the key on the phone or module, 1-based
     * @param type     line, blf, speed_dial, park, dnd, transfer, intercom or voicemail
     * @param value    extension, number or park slot; empty where the type takes none
     * @param line     the account index the key uses, 1-based
     */
    public record KeyInfo(int module, int position, String type, String value, String label, int line) {
    }

    /**
     * A radio base linked to a multi-cell DECT manager: only what a rewrite of the base or of the
     * link changes (these move the manager's revision, the render cache's key), nothing of the
     * base's site, whose renaming would not.
     *
     * @param serial null when none is known
     */
    public record BaseInfo(Mac mac, String model, String serial) {
    }

    /** The model as the catalog describes it. */
    public record ModelData(String vendor, String name, String family, int accounts, int handsets, Map<String, String> attributes,
                            String reportedFirmware) {
        public ModelData {
            attributes = Map.copyOf(attributes);
        }
    }

    public record DeviceInfo(Mac mac, String serial) {
    }

    /** @param syslogPort null when no syslog server is set */
    public record SiteInfo(String name, String language, List<String> ntpServers, String adminPassword, String syslogHost,
                           Integer syslogPort) {
        public SiteInfo {
            ntpServers = List.copyOf(ntpServers);
        }

        @Override
        public String toString() {
            return "SiteInfo[" + name + ", adminPassword=****]";
        }
    }

    /**
     * @param srv the host is a DNS SRV domain (issue 16: {@code sip.secondary_server=srv:<domain>}),
     *            whose SRV records name the nodes; the port is then 0 and each vendor's plug-in
     *            writes its DNS SRV mode where it has one
     */
    public record ServerAddress(String host, int port, Transport transport, boolean srv) {
        public ServerAddress(String host, int port, Transport transport) {
            this(host, port, transport, false);
        }
    }

    /** @param backup null when the site has no secondary registrar */
    public record LineInfo(int index, String extension, String displayName, String label, String authUser, String password,
                           Transport transport, Srtp srtp, ServerAddress server, ServerAddress backup, int expiresSeconds) {
        @Override
        public String toString() {
            return "LineInfo[" + index + ", " + extension + ", password=****]";
        }
    }

    /** @param lines account indexes the handset uses; the first is its default outgoing line */
    public record HandsetInfo(int index, String name, String ipui, List<Integer> lines) {
        public HandsetInfo {
            lines = List.copyOf(lines);
        }
    }

    /**
     * @param baseUrl  provisioning base URL ending in '/'
     * @param username the device's own digest user (null in common files)
     * @param password the device's own digest password (null in common files)
     */
    public record ProvisioningInfo(String baseUrl, String username, String password, int recheckMinutes) {
        @Override
        public String toString() {
            return "ProvisioningInfo[" + baseUrl + ", password=****]";
        }
    }

    public record FirmwareInfo(String version, String url) {
    }

    /**
     * A device's effective layered settings: the typed Phonehome settings by name (values already
     * checked against the setting's type) and the raw keys of the device's own vendor, each
     * already refused by the vendor's plug-in when it could break the file's syntax.
     */
    public record SettingsInfo(Map<String, String> typed, List<RawSetting> raw) {
        public static final SettingsInfo NONE = new SettingsInfo(Map.of(), List.of());

        public SettingsInfo {
            typed = Map.copyOf(typed);
            raw = List.copyOf(raw);
        }

        /** Names only: a typed setting or raw key may be a password, and this may end up in a log line. */
        @Override
        public String toString() {
            return "SettingsInfo[typed=" + new java.util.TreeSet<>(typed.keySet()) + ", raw=" + raw.stream().map(RawSetting::key).toList() + "]";
        }
    }

    /** A vendor key and its value, written by the vendor's template in its own syntax. */
    public record RawSetting(String key, String value) {
        @Override
        public String toString() {
            return "RawSetting[" + key + "]";
        }
    }

    /** Phonehome's own addresses as phones reach them. */
    /**
     * @param caUrl    Phonehome's CA certificate as PEM ({@code phonehome-ca.pem})
     * @param caDerUrl the same certificate DER-encoded ({@code phonehome-ca.crt}); null when unknown
     * @param caPem    the CA certificate itself, PEM text, for phones that take it inline; null when unknown
     */
    public record ServerInfo(String host, String caUrl, int sipPort, int sipTlsPort, String caDerUrl, String caPem) {
        /** Without the DER URL and the inline certificate (templates then see neither key). */
        public ServerInfo(String host, String caUrl, int sipPort, int sipTlsPort) {
            this(host, caUrl, sipPort, sipTlsPort, null, null);
        }
    }

    /** Plain data for FreeMarker; keys are snake_case. Absent optional values are absent keys. */
    public Map<String, Object> toTemplateData() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> mo = new LinkedHashMap<>();
        mo.put("vendor", model.vendor());
        mo.put("name", model.name());
        mo.put("family", model.family());
        mo.put("accounts", model.accounts());
        mo.put("handsets", model.handsets());
        mo.put("dect", model.family().startsWith("dect"));
        mo.put("attributes", new LinkedHashMap<>(model.attributes()));
        putIf(mo, "reported_firmware", model.reportedFirmware());
        m.put("model", mo);
        if (device != null) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("mac", device.mac().hex());
            d.put("mac_upper", device.mac().upper());
            d.put("mac_colons", device.mac().colons());
            putIf(d, "serial", device.serial());
            m.put("device", d);
        }
        if (site != null) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", clean(site.name()));
            s.put("language", site.language());
            s.put("ntp_servers", List.copyOf(site.ntpServers()));
            s.put("admin_password", settings.typed().getOrDefault(ADMIN_PASSWORD_SETTING, site.adminPassword()));
            if (site.syslogHost() != null) {
                s.put("syslog_host", site.syslogHost());
                s.put("syslog_port", site.syslogPort());
            }
            m.put("site", s);
        }
        if (timeZone != null) {
            m.put("tz", timeZoneData(timeZone));
        }
        List<Object> ls = new ArrayList<>();
        for (LineInfo l : lines) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("index", l.index());
            x.put("extension", l.extension());
            x.put("display_name", clean(l.displayName()));
            x.put("label", clean(l.label().isEmpty() ? l.extension() : l.label()));
            x.put("auth_user", l.authUser());
            x.put("password", l.password());
            x.put("transport", l.transport().lower());
            x.put("srtp", l.srtp().lower());
            x.put("server", address(l.server()));
            if (l.backup() != null) {
                x.put("backup", address(l.backup()));
            }
            x.put("expires", l.expiresSeconds());
            ls.add(x);
        }
        m.put("lines", ls);
        List<Object> hs = new ArrayList<>();
        for (HandsetInfo h : handsets) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("index", h.index());
            x.put("name", clean(h.name()));
            putIf(x, "ipui", h.ipui());
            x.put("lines", List.copyOf(h.lines()));
            if (!h.lines().isEmpty()) {
                x.put("default_line", h.lines().get(0));
            }
            hs.add(x);
        }
        m.put("handsets", hs);
        List<Object> bs = new ArrayList<>();
        int n = 0;
        for (BaseInfo b : bases) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("index", ++n);
            x.put("mac", b.mac().hex());
            x.put("mac_upper", b.mac().upper());
            x.put("mac_colons", b.mac().colons());
            x.put("model", b.model());
            putIf(x, "serial", b.serial() == null ? null : clean(b.serial()));
            bs.add(x);
        }
        m.put("bases", bs);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("base_url", provisioning.baseUrl());
        putIf(p, "username", provisioning.username());
        putIf(p, "password", provisioning.password());
        p.put("recheck_minutes", provisioning.recheckMinutes());
        m.put("provisioning", p);
        if (firmware != null) {
            m.put("firmware", Map.of("version", firmware.version(), "url", firmware.url()));
        }
        Map<String, Object> sv = new LinkedHashMap<>();
        sv.put("host", server.host());
        sv.put("ca_url", server.caUrl());
        sv.put("sip_port", server.sipPort());
        sv.put("sip_tls_port", server.sipTlsPort());
        putIf(sv, "ca_der_url", server.caDerUrl());
        putIf(sv, "ca_pem", server.caPem());
        m.put("server", sv);
        List<Object> ks = new ArrayList<>();
        for (KeyInfo k : keys) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("module", k.module());
            x.put("position", k.position());
            x.put("type", k.type());
            x.put("value", clean(k.value()));
            x.put("label", clean(k.label()));
            x.put("line", k.line());
            ks.add(x);
        }
        m.put("keys", ks);
        if (phonebook != null) {
            m.put("phonebook", phonebookData(phonebook));
        }
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("typed", new java.util.TreeMap<>(settings.typed()));
        List<Object> raw = new ArrayList<>();
        for (RawSetting r : settings.raw()) {
            raw.add(Map.of("key", r.key(), "value", r.value()));
        }
        st.put("raw", raw);
        m.put("settings", st);
        return m;
    }

    /**
     * {@code phonebook}: {@code url}, {@code refresh_minutes}, {@code title} and {@code entries},
     * each with {@code name}, {@code company}, {@code line} (an inventory line) and {@code numbers}
     * (each {@code type}: office, mobile or other, and {@code number}), never empty.
     */
    private static Map<String, Object> phonebookData(PhonebookInfo p) {
        Map<String, Object> pb = new LinkedHashMap<>();
        pb.put("url", p.url());
        pb.put("refresh_minutes", p.refreshMinutes());
        pb.put("title", clean(p.title()));
        List<Object> es = new ArrayList<>();
        for (PhonebookEntry e : p.entries()) {
            List<Object> numbers = new ArrayList<>();
            for (String[] n : new String[][] {{"office", e.office()}, {"mobile", e.mobile()}, {"other", e.other()}}) {
                if (n[1] != null && !n[1].isEmpty()) {
                    numbers.add(Map.of("type", n[0], "number", clean(n[1])));
                }
            }
            if (numbers.isEmpty()) {
                continue;
            }
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", clean(e.name()));
            x.put("company", clean(e.company()));
            x.put("line", e.line());
            x.put("numbers", numbers);
            es.add(x);
        }
        pb.put("entries", es);
        return pb;
    }

    private static Map<String, Object> address(ServerAddress a) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("host", a.host());
        x.put("port", a.port());
        x.put("transport", a.transport().lower());
        x.put("srv", a.srv());
        return x;
    }

    static Map<String, Object> timeZoneData(TimeZoneRule tz) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("iana", tz.zoneId());
        t.put("offset_seconds", tz.standardOffsetSeconds());
        t.put("offset_minutes", tz.standardOffsetMinutes());
        t.put("offset_hours", tz.offsetHours(false));
        t.put("offset_hours_decimal", tz.offsetHours(true));
        t.put("posix", tz.posix());
        t.put("std_abbreviation", tz.standardAbbreviation());
        t.put("dst", tz.hasDst());
        if (tz.hasDst()) {
            t.put("dst_abbreviation", tz.daylightAbbreviation());
            t.put("dst_savings_minutes", tz.dst().savingsSeconds() / 60);
            t.put("dst_start", change(tz.dst().start()));
            t.put("dst_end", change(tz.dst().end()));
        }
        return t;
    }

    private static Map<String, Object> change(TimeZoneRule.Change c) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("month", c.month());
        x.put("week", c.week());
        x.put("weekday", c.dayOfWeek());
        x.put("weekday_sunday0", c.dayOfWeekSundayZero());
        x.put("hour", c.hour());
        x.put("minute", c.minute());
        x.put("day_of_month", c.exact().getDayOfMonth());
        return x;
    }

    private static void putIf(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    /**
     * Removes control characters: names are checked at the edge already, but a line break in a
     * {@code key = value} file would let one value set another key, so the model never carries one.
     */
    static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || c == '\u0085' ? ' ' : c);
        }
        return sb.toString();
    }
}
