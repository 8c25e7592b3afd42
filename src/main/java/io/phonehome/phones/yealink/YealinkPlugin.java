package io.phonehome.phones.yealink;

import io.phonehome.inventory.Mac;
import io.phonehome.inventory.ModelInfo;
import io.phonehome.phones.AgentInfo;
import io.phonehome.phones.ConfigModel;
import io.phonehome.phones.FetchRequest;
import io.phonehome.phones.FileKind;
import io.phonehome.phones.Identification;
import io.phonehome.phones.ImageName;
import io.phonehome.phones.NotifyEvents;
import io.phonehome.phones.PhonePlugin;
import io.phonehome.phones.SipUserAgents;
import io.phonehome.phones.TimeZoneRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Yealink desk phones (T3x/T4x/T5x) and DECT bases (W70B, W90DM/W90B). Files served:
 * <ul>
 * <li>{@code <mac>.boot}: per device; includes the model's common file and {@code <mac>.cfg};</li>
 * <li>{@code y000000000000.boot}: common boot file, for phones whose {@code <mac>.boot} failed;</li>
 * <li>{@code y0000000000NN.cfg}: the common file of the model named in the User-Agent, whatever NN
 *     the firmware asks for (the NN-to-model table differs between firmware families);</li>
 * <li>{@code <mac>.cfg}: per device, lines, time, provisioning, security.</li>
 * </ul>
 * Firmware images are named {@code <MODEL>[(<MODEL>,...)][-<tag>]-<version>.rom}, e.g.
 * {@code T46U-108.86.0.20.rom}, {@code T54W(T57W,T53W,T53,T53C,T54,T57)-96.87.0.15.rom},
 * {@code T58W-OS12-150.87.0.15.rom}, {@code W90B-130.87.0.18.rom}; handset over-the-air images the
 * same way ({@code W56H-61.87.0.5.rom}) for the handset models in {@link #HANDSETS}
 * ({@code ../shared/vendor-formats.md} 1.7).
 */
public final class YealinkPlugin implements PhonePlugin {
    public static final String ID = "yealink";
    /** Yealink OUIs (wazo-provd's list plus the ones seen on W-series bases). */
    static final Set<String> OUIS = Set.of("001565", "805ec0", "805e0c", "249ad8", "44dbd2", "c4fc22", "e434d7", "240ce8", "cc7b35");

    private static final Pattern MAC_BOOT = Pattern.compile("(?i)([0-9a-f]{12})\\.boot");
    private static final Pattern MAC_CFG = Pattern.compile("(?i)([0-9a-f]{12})\\.cfg");
    private static final Pattern COMMON_CFG = Pattern.compile("y0{9,10}([0-9]{2,3})\\.cfg");
    private static final String COMMON_BOOT = "y000000000000.boot";
    private static final String TEXT = "text/plain; charset=utf-8";
    /** "Yealink SIP-T46U 108.86.0.20", "Yealink W70B 146.85.0.20" (vendor-formats 1.2 / 2.1, MAC not sent over SIP). */
    private static final Pattern SIP_AGENT = Pattern.compile("^\\s*yealink\\b", Pattern.CASE_INSENSITIVE);
    /**
     * Yealink DECT handsets and dongles with over-the-air images, as the base names them in
     * {@code over_the_air.url.<model>} (wazo-provd v87 {@code HANDSETS_FW}).
     */
    static final Set<String> HANDSETS = Set.of("W52H", "W53H", "W56H", "W57R", "W59R", "W73H", "W74H", "W78H", "CP930W",
            "T41S_DD10K", "T54W_DD10K");
    private static final Pattern IMAGE = Pattern.compile(
            "(?<first>[A-Za-z0-9_]+)(?:\\((?<more>[A-Za-z0-9_]+(?:,[A-Za-z0-9_]+)*)\\))?(?:-[A-Za-z][A-Za-z0-9]*)*-(?<version>\\d+(?:\\.\\d+){3})\\.rom");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Optional<Identification> identify(FetchRequest request) {
        String name = request.fileName();
        // Cheap refusal before any regex: this runs for every plug-in on every fetch.
        if (!name.endsWith(".cfg") && !name.endsWith(".boot")) {
            return Optional.empty();
        }
        Optional<YealinkUserAgent.Info> ua = YealinkUserAgent.parse(request.userAgent());
        String model = ua.map(YealinkUserAgent.Info::model).orElse(null);
        String firmware = ua.map(YealinkUserAgent.Info::firmware).orElse(null);
        Mac agentMac = ua.map(YealinkUserAgent.Info::mac).orElse(null);
        int uaScore = ua.isPresent() ? 50 : 0;

        if (name.equals(COMMON_BOOT)) {
            return Optional.of(new Identification(ID, 30 + uaScore, FileKind.COMMON, null, agentMac, model, firmware, "common.boot.ftl", TEXT));
        }
        Matcher m = COMMON_CFG.matcher(name);
        if (m.matches() && name.length() == 17) {
            if (model == null) {
                return Optional.empty(); // which model's common file? Only the User-Agent can tell.
            }
            return Optional.of(new Identification(ID, 30 + uaScore, FileKind.COMMON, null, agentMac, model, firmware, "common.cfg.ftl", TEXT));
        }
        m = MAC_BOOT.matcher(name);
        if (m.matches()) {
            Optional<Mac> mac = Mac.tryParse(m.group(1));
            if (mac.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Identification(ID, 30 + uaScore, FileKind.DEVICE, mac.get(), agentMac, model, firmware, "mac.boot.ftl", TEXT));
        }
        m = MAC_CFG.matcher(name);
        if (m.matches()) {
            Optional<Mac> mac = Mac.tryParse(m.group(1));
            if (mac.isEmpty()) {
                return Optional.empty();
            }
            int score = 10 + uaScore + (OUIS.contains(mac.get().oui()) ? 5 : 0);
            return Optional.of(new Identification(ID, score, FileKind.DEVICE, mac.get(), agentMac, model, firmware, "mac.cfg.ftl", TEXT));
        }
        return Optional.empty();
    }

    @Override
    public Optional<AgentInfo> parseUserAgent(String userAgent) {
        return YealinkUserAgent.parse(userAgent).map(i -> new AgentInfo(i.model(), i.firmware(), i.mac()));
    }

    @Override
    public Optional<String> firmwareInSipUserAgent(String userAgent) {
        return SipUserAgents.firmwareAfter(SIP_AGENT, userAgent);
    }

    @Override
    public List<String> deviceFiles(Mac mac, String model) {
        return List.of(mac.hex() + ".boot", mac.hex() + ".cfg");
    }

    /**
     * check-sync runs auto provisioning; with {@code sip.notify_reboot_enable = 0} (our template)
     * the phone reboots only for {@code reboot=true} (vendor-formats 1.4). [doc]
     */
    @Override
    public NotifyEvents notifyEvents() {
        return NotifyEvents.CHECK_SYNC;
    }

    @Override
    public Optional<ImageName> parseImageName(List<String> directories, String fileName) {
        Matcher m = IMAGE.matcher(fileName);
        if (!directories.isEmpty() || !m.matches()) {
            return Optional.empty();
        }
        List<String> models = new ArrayList<>();
        models.add(m.group("first").toUpperCase(Locale.ROOT));
        if (m.group("more") != null) {
            for (String s : m.group("more").split(",")) {
                models.add(s.toUpperCase(Locale.ROOT));
            }
        }
        return Optional.of(new ImageName(models, m.group("version"), models.stream().allMatch(HANDSETS::contains)));
    }

    /**
     * {@code <MODEL>-<version>.rom} whatever the file is called, because that is what a
     * {@code $PN-<version>.rom} URL (W90: the DECT manager and its bases each fetch their own
     * image) expands to, and because the multi-model names ({@code T54W(T57W,T53W)-96.87.0.15.rom})
     * hold characters no safe URL path has.
     */
    @Override
    public String servedImageName(String model, String version, String fileName) {
        return model.toUpperCase(Locale.ROOT) + "-" + version + ".rom";
    }

    /** W90: the URL ends in {@code $PN-<version>.rom}, which the manager and each base expand to their own product name. */
    @Override
    public String imageUrlName(ModelInfo model, String version, String servedName) {
        return model.oneAccountPerHandset() ? "$PN-" + version + ".rom" : servedName;
    }

    /**
     * The {@code voice.tone.country} names of the countries Phonehome's {@code tones.country}
     * offers (Yealink SIP-T58 administrator guide, "Configuring Audio Features": Custom, Australia,
     * Austria, ..., Switzerland, Sweden, Russia, United States).
     */
    private static final Map<String, String> TONE_COUNTRIES = Map.ofEntries(Map.entry("AT", "Austria"), Map.entry("BE", "Belgium"),
            Map.entry("CH", "Switzerland"), Map.entry("DE", "Germany"), Map.entry("ES", "Spain"), Map.entry("FR", "France"),
            Map.entry("GB", "Great Britain"), Map.entry("IT", "Italy"), Map.entry("NL", "Netherlands"), Map.entry("SE", "Sweden"),
            Map.entry("US", "United States"));

    /**
     * {@code local_time.date_format} by number (FusionPBX app/yealink/app_config.php: 0 WWW MMM DD,
     * 1 DD-MMM-YY, 2 YYYY-MM-DD, 3 DD/MM/YYYY, 4 MM/DD/YY, 5 DD MMM YYYY, 6 WWW DD MMM). Yealink
     * has no DD.MM.YYYY and only a two-digit-year MM/DD/YY, so those two are not written.
     */
    private static final Map<String, Integer> DATE_FORMATS = Map.of("YYYY-MM-DD", 2, "DD/MM/YYYY", 3);

    /**
     * {@code account.N.codec.<name>} names as FusionPBX's T46U template
     * (resources/templates/provision/yealink/t46u/{$mac}.cfg) writes them. That template names G.726,
     * G.723 and iLBC once per rate; Phonehome's single name for each means G.726 at 32 kbit/s, G.723 at
     * 6.3 kbit/s and iLBC at 13.33 kbit/s, the rates other phones offer under those names.
     */
    private static final Map<String, String> CODEC_NAMES = orderedCodecNames();

    private static Map<String, String> orderedCodecNames() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("G722", "g722");
        m.put("PCMA", "pcma");
        m.put("PCMU", "pcmu");
        m.put("G729", "g729");
        m.put("OPUS", "opus");
        m.put("G726", "g726_32");
        m.put("G723", "g723_63");
        m.put("ILBC", "ilbc_13_33kbps");
        return m;
    }

    /**
     * Every codec Phonehome names, enabled with priority 1, 2, ... in the order given, the others
     * disabled: a phone would otherwise still offer the codecs its factory list enables.
     */
    static List<Map<String, Object>> codecs(String order) {
        return codecs(order, Set.of());
    }

    /**
     * As {@link #codecs(String)}, leaving out the codecs the model does not have (catalog
     * {@code codecs_missing}): no key is written for them, enabled or not, so the phone's file
     * carries only keys its own codec table has.
     */
    static List<Map<String, Object>> codecs(String order, Set<String> missing) {
        List<String> wanted = List.of(order.split(","));
        List<Map<String, Object>> out = new ArrayList<>();
        for (String codec : wanted) {
            if (!missing.contains(codec)) {
                out.add(Map.of("name", CODEC_NAMES.get(codec), "enable", 1, "priority", out.size() + 1));
            }
        }
        CODEC_NAMES.forEach((codec, name) -> {
            if (!wanted.contains(codec) && !missing.contains(codec)) {
                out.add(Map.of("name", name, "enable", 0));
            }
        });
        return out;
    }

    @Override
    public Set<String> keyTypes(ModelInfo model) {
        return YealinkKeys.types(model);
    }

    @Override
    public Optional<String> noKeysReason(ModelInfo model) {
        return YealinkKeys.noKeysReason(model);
    }

    @Override
    public Map<String, Object> vendorValues(ConfigModel model) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("key_codes", YealinkKeys.CODES);
        v.put("transport", Map.of("udp", 0, "tcp", 1, "tls", 2));
        // Yealink admin guide: 0 disabled, 1 optional, 2 compulsory.
        v.put("srtp", Map.of("off", 0, "optional", 1, "mandatory", 2));
        String commonId = model.model().attributes().getOrDefault("common_id", "");
        if (!commonId.isEmpty()) {
            v.put("common_file", "y000000000" + commonId + ".cfg");
        }
        String tones = model.settings().typed().get("tones.country");
        if (tones != null && TONE_COUNTRIES.containsKey(tones)) {
            v.put("tone_country", TONE_COUNTRIES.get(tones));
        }
        String dateFormat = model.settings().typed().get("date.format");
        if (dateFormat != null && DATE_FORMATS.containsKey(dateFormat)) {
            v.put("date_format", DATE_FORMATS.get(dateFormat));
        }
        String codecs = model.settings().typed().get("codecs.order");
        if (codecs != null) {
            v.put("codecs", codecs(codecs, PhonePlugin.missingCodecs(model.model().attributes())));
        }
        if (model.site() != null) {
            String code = model.site().language();
            v.put("language", YealinkLanguages.deskName(code));
            // DECT bases: their own web UI list, and the handsets' language by number.
            v.put("web_language", model.model().family().startsWith("dect") ? YealinkLanguages.dectWebName(code) : YealinkLanguages.deskName(code));
            v.put("handset_language", YealinkLanguages.handsetNumber(code));
        }
        if (model.timeZone() != null) {
            v.put("tz", timeZone(model.timeZone()));
        }
        return v;
    }

    @Override
    public Optional<String> redirectTemplate(Identification id) {
        return switch (id.template()) {
            case "mac.boot.ftl" -> Optional.of("redirect.boot.ftl");
            case "mac.cfg.ftl" -> Optional.of("redirect.cfg.ftl");
            default -> Optional.empty();
        };
    }

    /**
     * Yealink's encoding: {@code local_time.time_zone} as {@code +1} / {@code +5:30}, and an
     * explicit DST rule "by week" ({@code month/week/weekday/hour}, week 5 = last, weekday 7 =
     * Sunday) instead of {@code summer_time = 2}, which would trust the firmware's own zone table.
     */
    static Map<String, Object> timeZone(TimeZoneRule tz) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("offset", tz.offsetHours(false));
        t.put("summer_time", tz.hasDst() ? 1 : 0);
        if (tz.hasDst()) {
            t.put("start", change(tz.dst().start()));
            t.put("end", change(tz.dst().end()));
            t.put("offset_minutes", tz.dst().savingsSeconds() / 60);
        }
        return t;
    }

    private static String change(TimeZoneRule.Change c) {
        return c.month() + "/" + c.week() + "/" + c.dayOfWeek() + "/" + c.hour();
    }
    /**
     * Yealink remote phonebook ({@code YealinkIPPhoneDirectory}), fetched from
     * {@code remote_phonebook.data.1.url} with {@code remote_phonebook.data.1.username/password}
     * (firmware V84 and later) and refreshed every {@code features.remote_phonebook.flash_time}
     * seconds (vendor-formats 1.3 "Remote phonebook"; wazo-provd-plugins Yealink V84 base.tpl,
     * "##V84 ADD"). [code]
     */
    @Override
    public Optional<String> phonebookPath(Mac mac) {
        return Optional.of("phonebook-" + mac.hex() + ".xml");
    }


    /** A Yealink key as the auto-provisioning guide spells them: dotted words, no spaces or '='. */
    private static final java.util.regex.Pattern RAW_KEY = java.util.regex.Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,119}");

    /**
     * The file is plain {@code key = value} text with no escaping at all: a key is the dotted
     * name the firmware reads (no '=', space or '#', which would end it, start the value or make
     * the line a comment), and a value carries no control character (a line break would start
     * another key).
     */
    @Override
    public Optional<String> rawSettingProblem(String key, String value) {
        if (!RAW_KEY.matcher(key).matches()) {
            return Optional.of("\"" + key + "\" is not a Yealink key (letters, digits, '_', '-' and '.', up to 120 characters; no '=', spaces or '#')");
        }
        return io.phonehome.phones.RawSettingRules.valueProblem(value);
    }

    /** The codecs the catalog says the model lacks; every other Phonehome codec has a documented key. */
    @Override
    public Map<String, String> codecsNotOffered(ModelInfo model, List<String> codecs) {
        Set<String> missing = PhonePlugin.missingCodecs(model.attributes());
        Map<String, String> out = new LinkedHashMap<>();
        for (String c : codecs) {
            if (missing.contains(c)) {
                out.put(c, "the " + model.model() + " has no " + c + " (catalog codecs_missing, from Yealink's administrator guide)");
            }
        }
        return out;
    }
}
