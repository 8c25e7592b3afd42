package io.phonehome.phones.snom;

import io.phonehome.inventory.Mac;
import io.phonehome.inventory.ModelInfo;
import io.phonehome.inventory.SupportedModels;
import io.phonehome.phones.AgentInfo;
import io.phonehome.phones.ConfigModel;
import io.phonehome.phones.FetchRequest;
import io.phonehome.phones.FileKind;
import io.phonehome.phones.Identification;
import io.phonehome.phones.ImageName;
import io.phonehome.phones.NotifyEvents;
import io.phonehome.phones.PhonePlugin;
import io.phonehome.phones.SipUserAgents;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Snom desk phones (D3xx, D7xx, D8xx, and the 3xx/7xx/8xx on firmware 8.7+) and M-series DECT
 * bases, provisioned with XML setting files. Files served, all from the base URL the device was
 * given (see {@link SnomFiles}):
 * <ul>
 * <li>{@code snom<TYPE>.htm}: common to the model, no secret;</li>
 * <li>{@code snom<TYPE>-<MAC>.htm}: per device, a {@code <setting-files>} list naming the next file;</li>
 * <li>{@code snom<TYPE>-<MAC>.xml}: per device, identities, time, language, provisioning, security;</li>
 * <li>{@code snom<TYPE>-<MAC>-firmware.xml}: per device, the firmware image URL when it should upgrade.</li>
 * </ul>
 * Key names: Snom wiki (service.snom.com/display/wiki/&lt;setting&gt;), checked against the
 * templates of wazo-provd-plugins ({@code plugins/wazo_snom}) and FusionPBX
 * ({@code resources/templates/provision/snom/D785}).
 *
 * Each model has a format ({@link SnomFormat}, from the catalog's {@code format} attribute): the
 * desk phones' {@code <phone-settings>} files (templates/snom/) or the M-series DECT bases'
 * server-slot and handset-bound extension keys (templates/snom/m-dect/, {@link SnomDectValues}); the file names are the same.
 *
 * <p>Firmware images (wazo-provd-plugins {@code plugins/wazo_snom/build.py}):
 * {@code snom<TYPE>-<version>-SIP-r.bin} for the desk phones, {@code -SIP-f.bin} for the
 * 300/320/370 and PA1 (flash images), {@code .swu} for the D8xx; M-series bases
 * {@code <MODEL>_v<SSSS>_b<BBBB>.fwu}, e.g. {@code M900_v0520_b0001.fwu} for 05.20.0001.
 */
public final class SnomPlugin implements PhonePlugin {
    public static final String ID = "snom";
    private static final String XML = "application/xml; charset=utf-8";
    /** "snomD785/10.1.46.16", or the HTTP form "... snomD785-SIP 10.1.169.16 ..." (vendor-formats 3.2). */
    private static final Pattern SIP_AGENT = Pattern.compile("\\bsnom\\w*", Pattern.CASE_INSENSITIVE);
    private static final Pattern IMAGE = Pattern.compile("snom(?<type>[A-Za-z0-9]+)-(?<version>\\d+(?:\\.\\d+){2,4})-SIP-[rf]\\.(?:bin|swu)");
    private static final Pattern DECT_IMAGE = Pattern.compile("(?<type>M[0-9]{3})_v(?<major>[0-9]{2})(?<minor>[0-9]{2})_b(?<build>[0-9]{4})\\.fwu",
            Pattern.CASE_INSENSITIVE);
    /** Wazo sends check-sync;reboot=false to re-read the settings; reboot=true reboots (vendor-formats 3.4). [code] */
    private static final NotifyEvents NOTIFY = new NotifyEvents("check-sync;reboot=false", "check-sync;reboot=true");

    /** Model name to format, from the catalog; a model not in it is a desk phone. */
    private final Map<String, SnomFormat> formats;

    public SnomPlugin() {
        this(Map.of());
    }

    private SnomPlugin(Map<String, SnomFormat> formats) {
        this.formats = Map.copyOf(formats);
    }

    @Override
    public String id() {
        return ID;
    }

    /** Reads each Snom model's format; a row naming a format this plug-in does not have stops the start. */
    @Override
    public PhonePlugin withCatalog(SupportedModels models) {
        Map<String, SnomFormat> f = new LinkedHashMap<>();
        for (ModelInfo m : models.forVendor(ID)) {
            try {
                f.put(m.model(), SnomFormat.of(m.attributes()));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("snom " + m.model() + ": " + e.getMessage(), e);
            }
        }
        return new SnomPlugin(f);
    }

    SnomFormat format(String model) {
        return formats.getOrDefault(model, SnomFormat.DESK);
    }

    /** Either User-Agent form: the desk phones' or the M-series bases'. */
    static Optional<SnomUserAgent.Info> agent(String userAgent) {
        Optional<SnomUserAgent.Info> desk = SnomUserAgent.parse(userAgent);
        return desk.isPresent() ? desk : SnomDectUserAgent.parse(userAgent);
    }

    @Override
    public Optional<Identification> identify(FetchRequest request) {
        Optional<SnomFiles.Parsed> parsed = SnomFiles.parse(request.fileName());
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        SnomFiles.Parsed file = parsed.get();
        Optional<SnomUserAgent.Info> ua = agent(request.userAgent());
        if (ua.isPresent() && !ua.get().model().equals(file.model())) {
            // A Snom phone only ever asks for its own type's files; anything else is not a phone's request.
            return Optional.empty();
        }
        Mac agentMac = ua.map(SnomUserAgent.Info::mac).orElse(null);
        String firmware = ua.map(SnomUserAgent.Info::firmware).orElse(null);
        Mac identifying = file.mac() != null ? file.mac() : agentMac;
        int score = 30 + (ua.isPresent() ? 50 : 0) + (identifying != null && identifying.oui().equals("000413") ? 5 : 0);
        String template = format(file.model()).template(file.template());
        return Optional.of(new Identification(ID, score, file.kind(), file.mac(), agentMac, file.model(), firmware, template, XML));
    }

    @Override
    public Optional<AgentInfo> parseUserAgent(String userAgent) {
        return agent(userAgent).map(i -> new AgentInfo(i.model(), i.firmware(), i.mac()));
    }

    @Override
    public Optional<String> firmwareInSipUserAgent(String userAgent) {
        return SipUserAgents.firmwareAfter(SIP_AGENT, userAgent);
    }

    @Override
    public List<String> deviceFiles(Mac mac, String model) {
        return List.of(SnomFiles.deviceList(model, mac), SnomFiles.settings(model, mac));
    }

    @Override
    public NotifyEvents notifyEvents() {
        return NOTIFY;
    }

    @Override
    public Optional<ImageName> parseImageName(List<String> directories, String fileName) {
        if (!directories.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = IMAGE.matcher(fileName);
        if (m.matches()) {
            return Optional.of(new ImageName(List.of(m.group("type").toUpperCase(Locale.ROOT)), m.group("version"), false));
        }
        Matcher d = DECT_IMAGE.matcher(fileName);
        if (d.matches()) {
            String version = d.group("major") + "." + d.group("minor") + "." + d.group("build");
            return Optional.of(new ImageName(List.of(d.group("type").toUpperCase(Locale.ROOT)), version, false));
        }
        return Optional.empty();
    }

    /**
     * An M-series image is served under the name the base builds from its settings
     * ({@code <MODEL>_v<SSSS>_b<BBBB>.fwu}, see {@link SnomDectValues#firmware}), whatever case
     * the file was stored in; desk images under their own name.
     */
    @Override
    public String servedImageName(String model, String version, String fileName) {
        Matcher d = DECT_IMAGE.matcher(fileName);
        if (d.matches()) {
            return d.group("type").toUpperCase(Locale.ROOT) + "_v" + d.group("major") + d.group("minor") + "_b" + d.group("build") + ".fwu";
        }
        return fileName;
    }

    /**
     * {@code tone_scheme} codes for the countries a documented value is found for: the ones Wazo's
     * wazo_snom plug-in writes per locale (plugins/wazo_snom/common/common.py: GER, USA, ESP, FRA,
     * ITA, NLD) and the setting's value list in sipXconfig's Snom model (SIPfoundry/legacy-sipxecs
     * sipXconfig/plugins/snom/etc/snom/phone.xml, "tone_scheme": AUS, AUT, CHN, DNK, FRA, GER, GBR,
     * IND, ITA, JPN, MEX, NLD, NOR, NZL, ESP, SWE, SWI, USA), which gives SWI, AUT, SWE and GBR.
     * Belgium has no code there and keeps the phone's own scheme rather than a guessed one.
     */
    private static final Map<String, String> TONE_SCHEMES = Map.of("DE", "GER", "US", "USA", "ES", "ESP", "FR", "FRA",
            "IT", "ITA", "NL", "NLD", "CH", "SWI", "AT", "AUT", "SE", "SWE", "GB", "GBR");

    /**
     * Snom's codec names as FusionPBX's D785 template lists them in {@code codec_priority_list}
     * (g722, pcmu, pcma, gsm, g723, g726-32, aal2-g726-32, g729, telephone-event). Opus and iLBC
     * are not in that list, so they are left out of what the phone is told.
     */
    private static final Map<String, String> CODEC_NAMES = Map.of("G722", "g722", "PCMU", "pcmu", "PCMA", "pcma",
            "G723", "g723", "G726", "g726-32", "G729", "g729");

    /**
     * The codecs in the order given, Snom's names, ending with telephone-event as both templates do,
     * so RFC 2833 DTMF stays offered.
     */
    static String codecPriorityList(String order) {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (String codec : order.split(",")) {
            if (CODEC_NAMES.containsKey(codec)) {
                names.add(CODEC_NAMES.get(codec));
            }
        }
        names.add("telephone-event");
        return String.join(",", names);
    }

    @Override
    public Set<String> keyTypes(ModelInfo model) {
        return SnomKeys.types(model);
    }

    @Override
    public Optional<String> noKeysReason(ModelInfo model) {
        return SnomKeys.noKeysReason(model);
    }

    @Override
    public Optional<String> keyProblem(ModelInfo model, int module, int position, String type, String value) {
        return SnomKeys.keyProblem(type, value);
    }

    @Override
    public Map<String, Object> vendorValues(ConfigModel model) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("key_words", SnomKeys.WORDS);
        v.put("key_without_value", List.copyOf(SnomKeys.WITHOUT_VALUE));
        v.put("line_servers", SnomKeys.lineServers(model));
        v.put("srtp", srtpCodes());
        // Which syntax the model reads, for the files both formats share a name and template for (the phonebook).
        v.put("format", format(model.model().name()) == SnomFormat.M_DECT ? "m-dect" : "desk");
        // settings_refresh_timer counts seconds; 0 = only at boot (Snom wiki settings_refresh_timer).
        v.put("settings_refresh_seconds", model.provisioning().recheckMinutes() * 60);
        if (model.device() != null) {
            String type = model.model().name();
            Mac mac = model.device().mac();
            Map<String, Object> files = new LinkedHashMap<>();
            files.put("common", SnomFiles.common(type));
            files.put("device_list", SnomFiles.deviceList(type, mac));
            files.put("settings", SnomFiles.settings(type, mac));
            files.put("firmware", SnomFiles.firmware(type, mac));
            v.put("files", files);
            v.put("unused_identities", unusedIdentities(model.model().accounts(), model.lines()));
        }
        if (model.site() != null) {
            v.put("language", guiLanguage(model.site().language()));
            v.put("web_language", webLanguage(model.site().language()));
            if (model.site().syslogHost() != null) {
                int port = model.site().syslogPort();
                v.put("syslog_server", port == 514 ? model.site().syslogHost() : model.site().syslogHost() + ":" + port);
            }
        }
        if (model.timeZone() != null) {
            v.put("tz", SnomTimeZone.settings(model.timeZone()));
        }
        Map<String, String> typed = model.settings().typed();
        String tones = typed.get("tones.country");
        if (tones != null && TONE_SCHEMES.containsKey(tones)) {
            v.put("tone_scheme", TONE_SCHEMES.get(tones));
        }
        // codec_tos and signaling_tos take the whole TOS byte (Wazo's wazo-snom templates write 184
        // for DSCP 46, expedited forwarding): the DSCP is its upper six bits.
        if (typed.get("qos.dscp.rtp") != null) {
            v.put("codec_tos", Integer.parseInt(typed.get("qos.dscp.rtp")) << 2);
        }
        if (typed.get("qos.dscp.sip") != null) {
            v.put("signaling_tos", Integer.parseInt(typed.get("qos.dscp.sip")) << 2);
        }
        if (typed.get("codecs.order") != null) {
            v.put("codec_priority_list", codecPriorityList(typed.get("codecs.order")));
        }
        if (model.device() != null && format(model.model().name()) == SnomFormat.M_DECT) {
            v.put("dect", SnomDectValues.values(model));
        }
        return v;
    }

    @Override
    public Optional<String> redirectTemplate(Identification id) {
        SnomFormat format = format(id.model());
        if (id.template().equals(format.template(SnomFiles.DEVICE_LIST_TEMPLATE))
                || id.template().equals(format.template(SnomFiles.SETTINGS_TEMPLATE))) {
            return Optional.of(format.template("redirect.xml.ftlx"));
        }
        return Optional.empty();
    }

    /**
     * {@code user_srtp} (offer SRTP at all) and {@code user_savp} (whether RTP/SAVP is required) per
     * line SRTP mode; the Snom values are {@code on/off} and {@code off/optional/mandatory}.
     */
    static Map<String, Object> srtpCodes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("off", Map.of("user_srtp", "off", "user_savp", "off"));
        m.put("optional", Map.of("user_srtp", "on", "user_savp", "optional"));
        m.put("mandatory", Map.of("user_srtp", "on", "user_savp", "mandatory"));
        return m;
    }

    /** Identity numbers 1..accounts that carry no line: they are switched off and emptied. */
    static List<Integer> unusedIdentities(int accounts, List<ConfigModel.LineInfo> lines) {
        Set<Integer> used = new HashSet<>();
        for (ConfigModel.LineInfo l : lines) {
            used.add(l.index());
        }
        List<Integer> unused = new ArrayList<>();
        for (int i = 1; i <= accounts; i++) {
            if (!used.contains(i)) {
                unused.add(i);
            }
        }
        return unused;
    }

    /**
     * The phone's display language ({@code language}) as the firmware spells it: the values the
     * setting offers (Snom wiki "language", service.snom.com/display/wiki/language; enumerated in
     * sipXconfig's {@code plugins/snom/etc/snom/phone.xml}: English, English(UK), Espanol, Deutsch,
     * Francais, Italiano, Cestina, Nederlands, Polski, Portugues, Slovencina, Suomi, Svenska, Dansk,
     * Norsk), plain ASCII without accents, as Wazo's Snom DECT plug-in also writes them
     * ({@code Francais}). Russian and Turkce are the display names of the language packs Snom
     * ships for firmware 8 and later (Gemeinschaft's {@code settings-snom.php}); they are not in
     * the web interface's list. English for anything else.
     */
    static String guiLanguage(String code) {
        return switch (code) {
            case "de" -> "Deutsch";
            case "fr" -> "Francais";
            case "it" -> "Italiano";
            case "es" -> "Espanol";
            case "nl" -> "Nederlands";
            case "pt" -> "Portugues";
            case "pl" -> "Polski";
            case "cs" -> "Cestina";
            case "sv" -> "Svenska";
            case "da" -> "Dansk";
            case "nb", "no" -> "Norsk";
            case "fi" -> "Suomi";
            case "ru" -> "Russian";
            case "tr" -> "Turkce";
            default -> "English";
        };
    }

    /**
     * The web interface's language ({@code web_language}): its own, shorter list (Snom wiki
     * "web_language"; sipXconfig {@code phone.xml}: English, Espanol, Deutsch, Francais, Italiano,
     * Nederlands, Portugues, Suomi, Svenska, Dansk, Norsk). Polish, Czech, Russian and Turkish
     * have no web translation, so those sites get English there: a name the list does not have
     * leaves the setting unchanged on the phone.
     */
    static String webLanguage(String code) {
        return WEB_LANGUAGES.contains(code) ? guiLanguage(code) : "English";
    }

    /** The site languages the web interface has a translation for (the list above). */
    private static final Set<String> WEB_LANGUAGES = Set.of("de", "fr", "it", "es", "nl", "pt", "sv", "da", "nb", "no", "fi");

    /**
     * Snom minibrowser directory ({@code SnomIPPhoneDirectory}: {@code Title}, {@code Prompt},
     * {@code DirectoryEntry} with {@code Name} and {@code Telephone}; Snom XML minibrowser
     * documentation), opened by the directory key set to {@code url <URL>} ({@code dkey_directory},
     * wazo-provd-plugins Snom base.tpl; vendor-formats 3.3). The phone fetches it with the HTTP
     * client credentials its configuration already carries ({@code http_client_user/pass}). [code]
     */
    @Override
    public Optional<String> phonebookPath(Mac mac) {
        return Optional.of("phonebook-" + mac.hex() + ".xml");
    }

    /**
     * A key is a setting's element name in the XML settings file ({@code <name perm="R">value</name>});
     * the value is escaped by the template's XML output format, so it only has to be XML text.
     */
    @Override
    public Optional<String> rawSettingProblem(String key, String value) {
        Optional<String> name = io.phonehome.phones.RawSettingRules.xmlNameProblem(key);
        return name.isPresent() ? name : io.phonehome.phones.RawSettingRules.valueProblem(value);
    }

    /**
     * Codecs without a documented Snom name (see {@link #CODEC_NAMES}) are left out of
     * {@code codec_priority_list}; the M-series DECT bases get no codec list at all.
     */
    @Override
    public Map<String, String> codecsNotOffered(ModelInfo model, java.util.List<String> codecs) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        boolean desk = SnomFormat.of(model.attributes()) == SnomFormat.DESK;
        Set<String> missing = PhonePlugin.missingCodecs(model.attributes());
        for (String c : codecs) {
            if (!desk) {
                out.put(c, "no codec list is written for the " + model.model() + "; it keeps its own");
            } else if (missing.contains(c)) {
                out.put(c, "the " + model.model() + " has no " + c + " (catalog codecs_missing)");
            } else if (!CODEC_NAMES.containsKey(c)) {
                out.put(c, "no documented Snom codec name for " + c + ": left out of codec_priority_list");
            }
        }
        return out;
    }
}
