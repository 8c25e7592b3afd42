package io.phonehome.phones.grandstream;

import io.phonehome.inventory.Mac;
import io.phonehome.inventory.ModelInfo;
import io.phonehome.inventory.SupportedModels;
import io.phonehome.phones.AgentInfo;
import io.phonehome.phones.ConfigModel;
import io.phonehome.phones.FetchRequest;
import io.phonehome.phones.FileKind;
import io.phonehome.phones.Identification;
import io.phonehome.phones.ImageLayout;
import io.phonehome.phones.ImageName;
import io.phonehome.phones.NotifyEvents;
import io.phonehome.phones.SipUserAgents;
import io.phonehome.phones.RenderException;
import io.phonehome.phones.TimeZoneRule;
import io.phonehome.phones.PhonePlugin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Grandstream desk, conference, Wi-Fi and video phones (GXP11xx to GXP22xx, GRP260x/261x, WP8xx,
 * GXV31xx/32xx, GAC2500), HT70x/HT8xx analog adapters and DP75x DECT bases. At boot the firmware asks, in this order, for the
 * legacy binary {@code cfg<mac>}, {@code cfg<mac>.xml}, {@code cfg<model>.xml} and {@code cfg.xml},
 * and moves on to the next file on any error (GXP21xx administration guide, "Config File
 * Download"). Files served:
 * <ul>
 * <li>{@code cfg<mac>.xml}: per device, everything (lines, time, provisioning, security);</li>
 * <li>{@code cfg<model>.xml}, e.g. {@code cfggxp2135.xml}: common to a model, no secret;</li>
 * <li>{@code cfg.xml}: vendor-wide common file, for the User-Agent's model when it is in the
 *     catalog.</li>
 * </ul>
 * The binary {@code cfg<mac>} is not recognised, so the phone gets 404 and goes on to the XML.
 * Some firmware prefixes the path with {@code Grandstream/}; every file is recognised in any
 * directory.
 *
 * <p>Syntax: {@code <gs_provision version="1">} with {@code <config version="1">} P-values. The
 * version-2 aliases ({@code account.1.sip.server.1.address}) are documented for the GRP261x and
 * used by wazo-provd only for the GXP2135 on 1.0.11.x; P-values are what the Grandstream templates
 * for all four supported models (GXP21xx firmware 1.0.9.127, GRP261x 1.0.9.103) are written in, so
 * they are the one dialect every supported firmware accepts.
 *
 * <p>Format families (catalog attribute {@code format}): the main one numbers SIP account N as
 * {@link AccountPValues}; {@code ht} (the HT8xx adapters, whose FXS ports are the lines) numbers
 * its ports as {@link AtaPorts}; {@code dp} (the DP75x DECT bases) maps accounts to handsets as
 * {@link DectLineSlots}. All are the same file name and syntax; {@code cfgmac.xml.ftlx}
 * picks the family's parts by {@code vendor.format}.
 *
 * <p>Firmware: phones ask for {@code <model>fw.bin} ({@code gxp2170fw.bin}), or for their family's
 * image where the catalog's {@code firmware_image} names one ({@code gxp1600fw.bin} for every
 * GXP16xx, {@code grp2600fw.bin} for the GRP260x), in the directory they are given, so the catalog
 * keeps each version in a directory of its own: {@code grandstream/<version>/gxp2170fw.bin}
 * ({@code ../shared/vendor-formats.md} 4.8).
 */
public final class GrandstreamPlugin implements PhonePlugin {
    public static final String ID = "grandstream";
    /** Grandstream OUIs seen in User-Agents and on labels. */
    static final Set<String> OUIS = Set.of("000b82", "c074ad", "ec74d7");
    /** Catalog attribute naming a format family of its own (see grandstream.csv); absent for the main one. */
    static final String FORMAT_ATTRIBUTE = "format";
    /** Catalog attribute naming the image a whole family shares (gxp1600 for every GXP16xx). */
    static final String FIRMWARE_IMAGE_ATTRIBUTE = "firmware_image";

    private static final Pattern MAC_XML = Pattern.compile("(?i)cfg([0-9a-f]{12})\\.xml");
    private static final Pattern MODEL_XML = Pattern.compile("(?i)cfg([a-z][a-z0-9-]{2,19})\\.xml");
    private static final String VENDOR_XML = "cfg.xml";
    private static final String XML = "text/xml; charset=utf-8";
    /** P193 accepts 60 to 5256000 minutes ("Automatic Upgrade ... every N minutes (60-5256000)"). */
    static final int RECHECK_MIN_MINUTES = 60;
    static final int RECHECK_MAX_MINUTES = 5_256_000;

    /** "Grandstream GXP2170 1.0.11.3", "Grandstream Model HW GXP2135 SW 1.0.7.97 DevId ..." (vendor-formats 4.2). */
    private static final Pattern SIP_AGENT = Pattern.compile("^\\s*grandstream\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern IMAGE = Pattern.compile("(?<model>[a-z]{2,4}[0-9]{3,4}[a-z]?)fw\\.bin");
    private static final Pattern VERSION_DIRECTORY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final ImageLayout LAYOUT = new ImageLayout(true, ID + "/<version>/<model>fw.bin");
    /**
     * check-sync provisions (needs P26015 "Allow SIP Reset"; with P4428 the phone challenges the
     * NOTIFY, which the notifier answers with the line's credentials). The reboot event is
     * Grandstream's own sys-control (Asterisk's sample sip_notify.conf; vendor-formats 4.4).
     * UNVERIFIED on a device.
     */
    private static final NotifyEvents NOTIFY = new NotifyEvents("check-sync", "sys-control");

    private final SupportedModels models;

    /** The instance the service loader creates; {@link #withCatalog} gives the one that serves. */
    public GrandstreamPlugin() {
        this(null);
    }

    /** @param models the catalog: {@code cfg.xml} names the User-Agent's model only when it is supported */
    public GrandstreamPlugin(SupportedModels models) {
        this.models = models;
    }

    @Override
    public GrandstreamPlugin withCatalog(SupportedModels catalog) {
        return new GrandstreamPlugin(catalog);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Optional<Identification> identify(FetchRequest request) {
        String name = request.fileName();
        // Cheap refusal before any regex: this runs for every plug-in on every fetch.
        if (!name.regionMatches(true, 0, "cfg", 0, 3)) {
            return Optional.empty();
        }
        Optional<GrandstreamUserAgent.Info> ua = GrandstreamUserAgent.parse(request.userAgent());
        String uaModel = ua.map(GrandstreamUserAgent.Info::model).orElse(null);
        String firmware = ua.map(GrandstreamUserAgent.Info::firmware).orElse(null);
        Mac agentMac = ua.map(GrandstreamUserAgent.Info::mac).orElse(null);
        int uaScore = ua.isPresent() ? 50 : 0;

        Matcher m = MAC_XML.matcher(name);
        if (m.matches()) {
            Optional<Mac> mac = Mac.tryParse(m.group(1));
            if (mac.isEmpty()) {
                return Optional.empty();
            }
            int score = 30 + uaScore + (OUIS.contains(mac.get().oui()) ? 5 : 0);
            return Optional.of(new Identification(ID, score, FileKind.DEVICE, mac.get(), agentMac, uaModel, firmware, "cfgmac.xml.ftlx", XML));
        }
        if (name.equalsIgnoreCase(VENDOR_XML)) {
            // The vendor-wide file: the model's common file when we know the model, else a generic one.
            String model = uaModel != null && models != null && models.find(ID, uaModel).isPresent() ? uaModel : null;
            return Optional.of(new Identification(ID, 30 + uaScore, FileKind.COMMON, null, agentMac, model, firmware, "common.xml.ftlx", XML));
        }
        m = MODEL_XML.matcher(name);
        if (m.matches()) {
            // The file names the model (cfggxp2170.xml); the core answers 404 for one not in the catalog.
            String model = m.group(1).toUpperCase(Locale.ROOT);
            return Optional.of(new Identification(ID, 30 + uaScore, FileKind.COMMON, null, agentMac, model, firmware, "common.xml.ftlx", XML));
        }
        return Optional.empty();
    }

    @Override
    public Optional<AgentInfo> parseUserAgent(String userAgent) {
        return GrandstreamUserAgent.parse(userAgent).map(i -> new AgentInfo(i.model(), i.firmware(), i.mac()));
    }

    @Override
    public Optional<String> firmwareInSipUserAgent(String userAgent) {
        return SipUserAgents.firmwareAfter(SIP_AGENT, userAgent);
    }

    @Override
    public List<String> deviceFiles(Mac mac, String model) {
        return List.of("cfg" + mac.hex() + ".xml");
    }

    @Override
    public NotifyEvents notifyEvents() {
        return NOTIFY;
    }

    @Override
    public Optional<ImageName> parseImageName(List<String> directories, String fileName) {
        if (directories.size() != 1 || !VERSION_DIRECTORY.matcher(directories.get(0)).matches() || directories.get(0).contains("..")) {
            return Optional.empty();
        }
        Matcher m = IMAGE.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ImageName(imageModels(m.group("model")), directories.get(0), false));
    }

    /**
     * The models an image is for: every catalog model whose {@code firmware_image} names it (one
     * gxp1600fw.bin serves every GXP16xx), else the model its name spells (gxp2170fw.bin).
     */
    private List<String> imageModels(String stem) {
        if (models != null) {
            List<String> family = models.forVendor(ID).stream()
                    .filter(mi -> mi.attribute(FIRMWARE_IMAGE_ATTRIBUTE).map(stem::equalsIgnoreCase).orElse(false))
                    .map(mi -> mi.model()).sorted().toList();
            if (!family.isEmpty()) {
                return family;
            }
        }
        return List.of(stem.toUpperCase(Locale.ROOT));
    }

    @Override
    public ImageLayout imageLayout() {
        return LAYOUT;
    }

    @Override
    public Set<String> keyTypes(ModelInfo model) {
        return GrandstreamKeys.types(model);
    }

    @Override
    public Optional<String> noKeysReason(ModelInfo model) {
        return GrandstreamKeys.noKeysReason(model);
    }

    @Override
    public Optional<String> keyProblem(ModelInfo model, int module, int position, String type, String value) {
        return GrandstreamKeys.keyProblem(model, position, type);
    }

    @Override
    public Map<String, Object> vendorValues(ConfigModel model) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("typed", GrandstreamTypedSettings.templateData(model.settings().typed(), model.model().accounts()));
        if (model.model() != null) {
            Map<String, String> attributes = model.model().attributes();
            v.put("key_modes", GrandstreamKeys.modes(attributes));
            List<Integer> positions = model.keys().stream().filter(k -> k.module() == 0).map(ConfigModel.KeyInfo::position).toList();
            Map<String, List<Integer>> keyP = GrandstreamKeys.pValues(attributes, positions);
            for (ConfigModel.KeyInfo k : model.keys()) {
                // Keys are checked at input; a catalog row changed since then must not cut the file short unseen.
                if (k.module() != 0 || !keyP.containsKey(Integer.toString(k.position()))
                        || !GrandstreamKeys.modes(attributes).containsKey(k.type())) {
                    throw new RenderException("key " + k.position() + (k.module() == 0 ? "" : " of expansion module " + k.module())
                            + " (" + k.type() + ") has no documented P-values on a " + model.model().name() + " (catalog "
                            + GrandstreamKeys.LAYOUT_ATTRIBUTE + "='" + GrandstreamKeys.layout(attributes) + "')");
                }
            }
            v.put("key_p", keyP);
            v.put("key_none", GrandstreamKeys.noneBlocks(attributes, model.model().accounts(), new java.util.HashSet<>(positions)));
            v.put("key_none_mode", GrandstreamKeys.NONE);
        }
        // GXP21xx template: "SIP Transport. 0 - UDP, 1 - TCP, 2 - TLS/TCP".
        v.put("transport", Map.of("udp", 0, "tcp", 1, "tls", 2));
        // "SRTP Mode. 0 - Disabled, 1 - Enabled but not forced, 2 - Enabled and forced, 3 - Optional".
        // "Optional" (3) offers two media lines, which some registrars reject; 1 offers SRTP and accepts RTP.
        v.put("srtp", Map.of("off", 0, "optional", 1, "mandatory", 2));
        String baseUrl = model.provisioning().baseUrl();
        v.put("config_server_path", configServerPath(baseUrl));
        v.put("config_protocol", protocol(baseUrl));
        String format = format(model.model());
        v.put("format", format.isEmpty() ? "desk" : format);
        v.put("phonebook_credentials", PhonebookDownload.takesCredentials(model.model().name()));
        if (model.phonebook() != null) {
            v.put("phonebook_minutes", PhonebookDownload.downloadMinutes(model.phonebook().refreshMinutes()));
        }
        int recheck = model.provisioning().recheckMinutes();
        // P194 "Automatic Upgrade": the desk phones take 1 for "every P193 minutes"; on the HT8xx and
        // the DP75x 1 is "check daily" and 3 is "every P193 minutes" (FPBX ht814/ht818/dp750 templates).
        boolean mode3 = format.equals(AtaPorts.FORMAT) || format.equals(DectLineSlots.FORMAT);
        v.put("recheck_mode", recheck <= 0 ? 0 : mode3 ? 3 : 1);
        v.put("recheck_minutes", Math.max(RECHECK_MIN_MINUTES, Math.min(RECHECK_MAX_MINUTES, recheck)));
        if (model.firmware() != null) {
            String url = model.firmware().url();
            v.put("firmware_server_path", serverPath(url.substring(0, url.lastIndexOf('/') + 1)));
            v.put("firmware_protocol", protocol(url));
        }
        if (model.site() != null) {
            v.put("language", language(model.site().language()));
        }
        if (model.timeZone() != null) {
            v.put("tz", Map.of("mode", "customize", "posix", posixTimeZone(model.timeZone())));
        }
        if (model.device() == null) {
            return v; // a common file: no lines
        }
        if (format.isEmpty() && !model.model().family().equals("desk")) {
            // An adapter or a base read as a desk phone would get account blocks it does not have.
            throw new RenderException("the catalog gives " + model.model().vendor() + " " + model.model().name() + " family "
                    + model.model().family() + " without a format: Grandstream adapters need format=" + AtaPorts.FORMAT
                    + ", DECT bases format=" + DectLineSlots.FORMAT);
        }
        switch (format) {
            case "" -> {
                v.put("accounts", accounts(model));
                v.put("unused_accounts", unusedAccounts(model));
            }
            case AtaPorts.FORMAT -> v.put("ht", AtaPorts.templateData(model));
            case DectLineSlots.FORMAT -> v.put("dp", DectLineSlots.templateData(model));
            default -> throw new RenderException("the catalog gives " + model.model().vendor() + " " + model.model().name()
                    + " format='" + format + "', which this plug-in does not write (known: the main family, '" + AtaPorts.FORMAT
                    + "', '" + DectLineSlots.FORMAT + "')");
        }
        return v;
    }

    /** The catalog's {@code format} attribute, empty for the main family (and for the vendor-wide common file). */
    private static String format(ConfigModel.ModelData model) {
        return model == null ? "" : model.attributes().getOrDefault(FORMAT_ATTRIBUTE, "");
    }

    @Override
    public Optional<String> redirectTemplate(Identification id) {
        return id.template().equals("cfgmac.xml.ftlx") ? Optional.of("redirect.xml.ftlx") : Optional.empty();
    }

    /** P-value names of every account the model has, account N at list index N-1. */
    private static List<Object> accounts(ConfigModel model) {
        int count = model.model().accounts();
        if (count > AccountPValues.MAX_ACCOUNT) {
            throw new RenderException("the catalog gives " + model.model().vendor() + " " + model.model().name() + " " + count
                    + " accounts; Grandstream P-values are known for accounts 1 to " + AccountPValues.MAX_ACCOUNT);
        }
        List<Object> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            out.add(AccountPValues.of(i).toTemplateData());
        }
        for (ConfigModel.LineInfo l : model.lines()) {
            if (l.index() < 1 || l.index() > count) {
                throw new RenderException("line " + l.index() + " does not exist on a " + model.model().name() + " (" + count + " accounts)");
            }
        }
        return out;
    }

    /** Accounts without a line: switched off so that an account removed from the inventory stops registering. */
    private static List<Object> unusedAccounts(ConfigModel model) {
        Set<Integer> used = new TreeSet<>();
        model.lines().forEach(l -> used.add(l.index()));
        List<Object> out = new ArrayList<>();
        for (int i = 1; i <= Math.min(model.model().accounts(), AccountPValues.MAX_ACCOUNT); i++) {
            if (!used.contains(i)) {
                out.add(i);
            }
        }
        return out;
    }

    /**
     * "Config Server Path" (P237): {@link #serverPath}, less a trailing {@code Grandstream}
     * directory. Firmware that adds that directory by itself would otherwise ask for
     * {@code Grandstream/Grandstream/} on the next check, one level deeper every time; Phonehome
     * answers in any directory, so the plain path serves both kinds of firmware.
     */
    static String configServerPath(String url) {
        String s = serverPath(url);
        if (s.toLowerCase(Locale.ROOT).endsWith("/grandstream")) {
            s = s.substring(0, s.length() - "/grandstream".length());
        }
        return s;
    }

    /**
     * A URL as "Config Server Path" (P237) and "Firmware Server Path" (P192) take it:
     * host[:port][/path] without scheme (the protocol is a setting of its own) and without
     * credentials (they travel in P1360/P1361).
     */
    static String serverPath(String url) {
        String s = url.replaceFirst("^[A-Za-z][A-Za-z0-9+.-]*://", "");
        int at = s.indexOf('@');
        int slash = s.indexOf('/');
        if (at >= 0 && (slash < 0 || at < slash)) {
            s = s.substring(at + 1);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** P212 / P6767: 0 TFTP, 1 HTTP, 2 HTTPS. */
    static int protocol(String url) {
        return url.regionMatches(true, 0, "http:", 0, 5) ? 1 : 2;
    }

    /**
     * P1362 display language, ISO 639-1 codes as the firmware spells them (wazo-provd maps de, es,
     * fr, it, nl, en this way); English where a language is not offered.
     */
    static String language(String code) {
        return switch (code) {
            case "de", "fr", "it", "es", "nl", "pt", "pl", "ru", "tr", "cs" -> code;
            default -> "en";
        };
    }

    /**
     * The self-defined time zone (P246 with P64 = {@code customize}) in the form of Grandstream's own
     * zone list, e.g. {@code CET-1CEST-2,M3.5.0/02:00:00,M10.5.0/03:00:00}: POSIX, with the daylight
     * offset and the change times always spelled out. Derived from the tz database, so a zone the
     * firmware's list lacks or gets wrong is still right.
     */
    static String posixTimeZone(TimeZoneRule tz) {
        StringBuilder sb = new StringBuilder();
        sb.append(name(tz.standardAbbreviation(), "STD")).append(posixOffset(tz.standardOffsetSeconds()));
        if (!tz.hasDst()) {
            return sb.toString();
        }
        sb.append(name(tz.daylightAbbreviation(), "DST")).append(posixOffset(tz.standardOffsetSeconds() + tz.dst().savingsSeconds()));
        sb.append(',').append(rule(tz.dst().start())).append(',').append(rule(tz.dst().end()));
        return sb.toString();
    }

    /** A letter abbreviation, or a neutral name for zones that have none ({@code <+04>} is not in Grandstream's list form). */
    private static String name(String abbreviation, String fallback) {
        return abbreviation != null && abbreviation.matches("[A-Za-z]{3,6}") ? abbreviation : fallback;
    }

    /** POSIX counts west of Greenwich as positive: UTC+1 is {@code -1}, UTC-5 is {@code +5}. */
    private static String posixOffset(int isoSeconds) {
        int posix = -isoSeconds;
        int abs = Math.abs(posix);
        String out = (posix < 0 ? "-" : "+") + abs / 3600;
        int minutes = abs % 3600 / 60;
        return minutes == 0 ? out : out + ":" + String.format(Locale.ROOT, "%02d", minutes);
    }

    private static String rule(TimeZoneRule.Change c) {
        return "M" + c.month() + "." + c.week() + "." + c.dayOfWeekSundayZero()
                + String.format(Locale.ROOT, "/%02d:%02d:00", c.hour(), c.minute());
    }
    /**
     * Grandstream phonebook XML ({@code AddressBook/Contact/FirstName, LastName,
     * Phone/phonenumber, accountindex}; Grandstream XML phonebook guide). The phone downloads
     * {@code phonebook.xml} from the path in P331 (host/path without scheme) with the protocol in
     * P330 (3 = HTTPS) every P332 minutes (vendor-formats 4.3; FusionPBX Grandstream README:
     * {@code <path>/pb<mac>/phonebook.xml}, the MAC in the path because the file name is fixed). [code]
     */
    @Override
    public Optional<String> phonebookPath(Mac mac) {
        return Optional.of("pb" + mac.hex() + "/phonebook.xml");
    }


    private static final java.util.regex.Pattern P_VALUE = java.util.regex.Pattern.compile("P[0-9]{1,5}");

    /**
     * A key is a P-value name ({@code P271}) as the config template guide numbers them; the value
     * is escaped by the template's XML output format, so it only has to be XML text.
     */
    @Override
    public Optional<String> rawSettingProblem(String key, String value) {
        if (!P_VALUE.matcher(key).matches()) {
            return Optional.of("\"" + key + "\" is not a Grandstream P-value name (P followed by up to 5 digits, e.g. P271)");
        }
        return io.phonehome.phones.RawSettingRules.valueProblem(value);
    }

    /**
     * The admin password (P2) is documented as "String: a-z, A-Z, 0-9" (FusionPBX
     * grandstream/gxp21xx/{$mac}.xml, "Admin password for web interface"): anything else is refused
     * before a phone could lock its installer out.
     */
    @Override
    public Optional<String> typedSettingProblem(String name, String value) {
        if (io.phonehome.phones.ConfigModel.ADMIN_PASSWORD_SETTING.equals(name) && !value.matches("[A-Za-z0-9]+")) {
            return Optional.of("their admin password (P2) may hold only the letters a-z, A-Z and the digits 0-9");
        }
        return Optional.empty();
    }

    /**
     * Codecs without a documented vocoder number are left out of the Preferred Vocoder choices; the
     * HT and DP families get no vocoder P-values at all (see {@link GrandstreamTypedSettings}).
     */
    @Override
    public Map<String, String> codecsNotOffered(ModelInfo model, List<String> codecs) {
        Map<String, String> out = new LinkedHashMap<>();
        boolean desk = model.attribute(FORMAT_ATTRIBUTE).map(String::isBlank).orElse(true);
        for (String c : codecs) {
            if (!desk) {
                out.put(c, "no vocoder P-values are documented for the " + model.model() + "'s family; it keeps its own");
            } else if (!GrandstreamTypedSettings.hasVocoder(c)) {
                out.put(c, "no documented Grandstream vocoder number for " + c + ": left out of the Preferred Vocoder choices");
            }
        }
        return out;
    }
}
