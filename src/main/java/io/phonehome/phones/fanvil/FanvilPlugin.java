package io.phonehome.phones.fanvil;

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
import io.phonehome.phones.SipUserAgents;
import io.phonehome.phones.RenderException;
import io.phonehome.phones.TimeZoneRule;
import io.phonehome.phones.PhonePlugin;
import java.util.ArrayList;
import java.util.HashMap;
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
 * Fanvil desk phones, door phones and intercoms. Two configuration syntaxes, one per catalog row
 * ({@link FanvilFormat}): the {@code <sysConf>} XML of the X-U / X7 / V / i generation
 * ({@link SysConfFormat}) and the older {@code <VOIP_CONFIG_FILE>} of the X2-X6 generation
 * ({@link VoipConfigFormat}, {@code format=voip-config}); the vendor templates include the
 * model's. Every file carries a {@code <Version>} the phone compares before applying it, written
 * from the file's config revision ({@link #formatConfigRevision}).
 * Files served:
 * <ul>
 * <li>{@code <mac>.cfg}: per device. Yealink uses the same name, so the score follows the
 *     convention in {@link Identification}: 10 for the name, +50 for a Fanvil User-Agent, +5 for
 *     the Fanvil OUI; when the inventory knows the MAC the core re-identifies with its vendor.</li>
 * <li>the model's common file, whose name is per model (e.g. {@code F0V00X700000.cfg}). It is the
 *     {@code common_file} attribute of the model in {@code models.csv}, so a new model is a row,
 *     not code.</li>
 * </ul>
 * Firmware images are named {@code <model>-fanvil-release-[...-]<build>-<x.y.z>-....z}
 * ({@code x4u-fanvil-release-6903-2.12.20-krnl....z}) and
 * {@code <model>_fanvil_<x.y.z.build>_<date>_full.zip}. The phone reports {@code x.y.z.build} in
 * its User-Agent ({@code Fanvil X4 2.10.2.6887}), so that is the version: inferred from the two
 * name forms and the User-Agents seen ({@code ../shared/vendor-formats.md} 5.7), UNVERIFIED on a
 * phone (a manifest settles it).
 */
public final class FanvilPlugin implements PhonePlugin {
    public static final String ID = "fanvil";
    static final Set<String> OUIS = Set.of("0c383e");
    static final String COMMON_FILE_ATTRIBUTE = "common_file";

    private static final Pattern MAC_CFG = Pattern.compile("(?i)([0-9a-f]{12})\\.cfg");
    private static final String XML = "text/xml; charset=utf-8";
    private static final int MINUTES_PER_DAY = 1440;
    private static final long MAX_REVISION_DIGITS = 9_999_999_999L;
    private static final long REVISION_DIGITS_BASE = 9_000_000_000L;
    /** 2026-01-01T00:00:00Z: revisions count seconds of the clock, the digits count from here. */
    static final long REVISION_EPOCH_SECOND = 1_767_225_600L;
    /** "Fanvil X4 2.10.2.6887 0c383e07e16c" (vendor-formats 5.2). */
    private static final Pattern SIP_AGENT = Pattern.compile("^\\s*fanvil\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern IMAGE_RELEASE = Pattern.compile(
            "(?<model>[a-z][a-z0-9]*)-fanvil-release-(?:[a-z0-9]+-)*?(?<build>\\d{3,6})-(?<version>\\d+\\.\\d+\\.\\d+)-.*\\.z");
    private static final Pattern IMAGE_FULL = Pattern.compile("(?<model>[a-z][a-z0-9]*)_fanvil_(?<version>\\d+(?:\\.\\d+){3})_.*\\.zip");

    /** Lower-case common file name to catalog model. */
    private final Map<String, String> commonFiles;

    /** The instance the service loader creates; {@link #withCatalog} gives the one that serves. */
    public FanvilPlugin() {
        this(null);
    }

    /** @param models the catalog: every Fanvil model's {@code common_file} attribute is a file served here */
    public FanvilPlugin(SupportedModels models) {
        Map<String, String> files = new HashMap<>();
        for (ModelInfo m : models == null ? List.<ModelInfo>of() : models.forVendor(ID)) {
            m.attribute(COMMON_FILE_ATTRIBUTE).filter(f -> !f.isBlank())
                    .ifPresent(f -> files.put(f.trim().toLowerCase(Locale.ROOT), m.model()));
        }
        this.commonFiles = Map.copyOf(files);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Optional<Identification> identify(FetchRequest request) {
        String name = request.fileName();
        // Cheap refusal before any regex: this runs for every plug-in on every fetch.
        if (!name.endsWith(".cfg")) {
            return Optional.empty();
        }
        Optional<FanvilUserAgent.Info> ua = FanvilUserAgent.parse(request.userAgent());
        String uaModel = ua.map(FanvilUserAgent.Info::model).orElse(null);
        String firmware = ua.map(FanvilUserAgent.Info::firmware).orElse(null);
        Mac agentMac = ua.map(FanvilUserAgent.Info::mac).orElse(null);
        int uaScore = ua.isPresent() ? 50 : 0;

        String commonModel = commonFiles.get(name.toLowerCase(Locale.ROOT));
        if (commonModel != null) {
            // The file name says which model asks, whatever the User-Agent calls itself.
            return Optional.of(new Identification(ID, 30 + uaScore, FileKind.COMMON, null, agentMac, commonModel, firmware,
                    "common.cfg.ftlx", XML));
        }
        Matcher m = MAC_CFG.matcher(name);
        if (m.matches()) {
            Optional<Mac> mac = Mac.tryParse(m.group(1));
            if (mac.isEmpty()) {
                return Optional.empty();
            }
            int score = 10 + uaScore + (OUIS.contains(mac.get().oui()) ? 5 : 0);
            return Optional.of(new Identification(ID, score, FileKind.DEVICE, mac.get(), agentMac, uaModel, firmware, "mac.cfg.ftlx", XML));
        }
        return Optional.empty();
    }

    @Override
    public FanvilPlugin withCatalog(SupportedModels catalog) {
        return new FanvilPlugin(catalog);
    }

    @Override
    public Optional<AgentInfo> parseUserAgent(String userAgent) {
        return FanvilUserAgent.parse(userAgent).map(i -> new AgentInfo(i.model(), i.firmware(), i.mac()));
    }

    @Override
    public Optional<String> firmwareInSipUserAgent(String userAgent) {
        return SipUserAgents.firmwareAfter(SIP_AGENT, userAgent);
    }

    @Override
    public List<String> deviceFiles(Mac mac, String model) {
        return List.of(mac.hex() + ".cfg");
    }

    /** check-sync; {@code Notify_Reboot = 1} lets it reboot (vendor-formats 5.4). Exact strings UNVERIFIED. */
    @Override
    public NotifyEvents notifyEvents() {
        return NotifyEvents.CHECK_SYNC;
    }

    @Override
    public Optional<ImageName> parseImageName(List<String> directories, String fileName) {
        if (!directories.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = IMAGE_RELEASE.matcher(fileName);
        if (m.matches()) {
            return Optional.of(new ImageName(List.of(m.group("model").toUpperCase(Locale.ROOT)), m.group("version") + "." + m.group("build"),
                    false));
        }
        m = IMAGE_FULL.matcher(fileName);
        if (m.matches()) {
            return Optional.of(new ImageName(List.of(m.group("model").toUpperCase(Locale.ROOT)), m.group("version"), false));
        }
        return Optional.empty();
    }

    @Override
    public Set<String> keyTypes(ModelInfo model) {
        return FanvilKeys.types(model);
    }

    @Override
    public Optional<String> noKeysReason(ModelInfo model) {
        return FanvilKeys.noKeysReason(model);
    }

    @Override
    public Optional<String> keyProblem(ModelInfo model, int module, int position, String type, String value) {
        return FanvilKeys.keyProblem(module, type, value);
    }

    @Override
    public Map<String, Object> vendorValues(ConfigModel model) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("key_types", FanvilKeys.TYPES);
        v.put("key_suffixes", FanvilKeys.SUFFIX);
        v.put("blf_pickup_code", FanvilKeys.BLF_PICKUP_CODE);
        v.put("typed", FanvilTypedSettings.templateData(model.settings().typed()));
        FanvilKeys.perPage(model.model().attributes()).ifPresent(n -> v.put("keys_per_page", n));
        FanvilKeys.pages(model.model().attributes()).ifPresent(p -> v.put("dss", FanvilKeys.sysConfData(p, model.keys())));
        FanvilFormat format = FanvilFormat.of(model.model());
        v.put("format", format.directory());
        v.put("transport", format.transport());
        // MediaCrypto / Media_Crypto: 0 disabled, 1 optional, 2 compulsory (the web UI's "RTP
        // Encryption" choices); the older syntax's codes are taken to be the same (UNVERIFIED).
        v.put("srtp", Map.of("off", 0, "optional", 1, "mandatory", 2));
        String baseUrl = model.provisioning().baseUrl();
        v.put("server_url", baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        v.put("flash_protocol", flashProtocol(baseUrl));
        int recheck = model.provisioning().recheckMinutes();
        // FlashMode 1 = at boot only, 2 = also at an interval. The interval is written in days: if a
        // firmware reads hours instead, it checks more often than asked, never less.
        v.put("flash_mode", recheck > 0 ? 2 : 1);
        v.put("flash_interval", Math.max(1, (recheck + MINUTES_PER_DAY - 1) / MINUTES_PER_DAY));
        if (model.site() != null) {
            v.put("language", format.language(model.site().language()));
        }
        if (model.timeZone() != null) {
            v.put("tz", timeZone(model.timeZone()));
        }
        v.put("unused_lines", unusedLines(model));
        return v;
    }

    /** Every file of theirs carries a {@code <Version>} the phone compares (the revision is written there). */
    @Override
    public boolean carriesConfigRevision(Identification id) {
        return true;
    }

    /**
     * {@code 2.} and ten digits: the shape of the version every public template writes
     * ({@code <Version>2.0000000000</Version>} in wazo-provd {@code base-new.tpl} and FusionPBX
     * {@code fanvil/x4u}; the older format's {@code <version>2.0002</version>} has the same
     * integer part). Fanvil's guides say only that a file is applied when its version is "higher"
     * than the running one (Auto Provision, "Current Config Version"); a fixed width keeps the
     * order the same whether the firmware compares the text, a decimal number or the digits after
     * the point as an integer (which one it does is UNVERIFIED). The integer part stays 2: what
     * the firmware does with another is not documented.
     *
     * <p>The digits are 9 000 000 000 plus the revision's seconds since 2026-01-01 (revisions are
     * clock seconds or above, see {@code ConfigRevisionStore}): the earlier releases wrote a hash
     * of the content here, spread evenly over all ten digits, and a phone that applied one ignores
     * every lower number. Starting at 2.9 puts nine in ten of those phones below the first
     * revision they are served; the rest catch up as the clock passes their number. One second
     * per step leaves room until 2057.
     */
    @Override
    public String formatConfigRevision(long revision) {
        long digits = REVISION_DIGITS_BASE + (revision - REVISION_EPOCH_SECOND);
        if (revision < REVISION_EPOCH_SECOND || digits > MAX_REVISION_DIGITS) {
            throw new RenderException("config revision " + revision + " does not fit the ten digits of a Fanvil <Version>");
        }
        return String.format(Locale.ROOT, "2.%010d", digits);
    }

    @Override
    public Optional<String> redirectTemplate(Identification id) {
        return id.template().equals("mac.cfg.ftlx") ? Optional.of("redirect.cfg.ftlx") : Optional.empty();
    }

    /** Lines of the model without an inventory line: written empty and disabled, so old credentials go away. */
    private static List<Object> unusedLines(ConfigModel model) {
        int count = model.model().accounts();
        Set<Integer> used = new TreeSet<>();
        for (ConfigModel.LineInfo l : model.lines()) {
            if (l.index() < 1 || l.index() > count) {
                throw new RenderException("line " + l.index() + " does not exist on a " + model.model().name() + " (" + count + " lines)");
            }
            used.add(l.index());
        }
        List<Object> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            if (!used.contains(i)) {
                out.add(i);
            }
        }
        return out;
    }

    /** FlashProtocol / cfgPfProt: 1 FTP, 2 TFTP, 4 HTTP, 5 HTTPS. */
    static int flashProtocol(String url) {
        return url.regionMatches(true, 0, "http:", 0, 5) ? 4 : 5;
    }

    /**
     * Fanvil's encoding (wazo-provd {@code serie_x/entry.py} and {@code base-new.tpl}):
     * {@code TimeZone} in quarter hours east of UTC (UTC+1 = 4, UTC+8 = 32), a {@code TimeZoneName}
     * like {@code UTC+1}, and for daylight saving an explicit rule, {@code EnableDST} = 2 with
     * month, week (1-4, -1 = last), weekday (0 = Sunday) and hour of both changes, never the
     * firmware's own zone table.
     */
    static Map<String, Object> timeZone(TimeZoneRule tz) {
        Map<String, Object> t = new LinkedHashMap<>();
        int minutes = tz.standardOffsetMinutes();
        t.put("time_zone", minutes / 15);
        t.put("time_zone_name", timeZoneName(minutes));
        t.put("enable_dst", tz.hasDst() ? 2 : 0);
        if (tz.hasDst()) {
            t.put("dst_fixed_type", 2);
            t.put("dst_min_offset", tz.dst().savingsSeconds() / 60);
            t.put("start", change(tz.dst().start()));
            t.put("end", change(tz.dst().end()));
        }
        return t;
    }

    /** Names as wazo-provd writes them from Fanvil's table: UCT, UTC+1, UTC-05; half hours as UTC+5:30. */
    static String timeZoneName(int offsetMinutes) {
        if (offsetMinutes == 0) {
            return "UCT";
        }
        int abs = Math.abs(offsetMinutes);
        String hours = offsetMinutes < 0 ? String.format(Locale.ROOT, "-%02d", abs / 60) : "+" + abs / 60;
        return "UTC" + hours + (abs % 60 == 0 ? "" : String.format(Locale.ROOT, ":%02d", abs % 60));
    }

    private static Map<String, Object> change(TimeZoneRule.Change c) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("month", c.month());
        x.put("week", c.week() == 5 ? -1 : c.week());
        x.put("weekday", c.dayOfWeekSundayZero());
        x.put("hour", Math.min(c.hour(), 23));
        return x;
    }

    /**
     * Fanvil remote phonebook ({@code FanvilIPPhoneDirectory} with {@code DirectoryEntry},
     * {@code Name}, {@code Telephone}; Fanvil XML phonebook specification, as public generators
     * cite it), configured in the sysConf format as {@code phone/xmlContact[@index]} with
     * {@code Name}, {@code Addr}, {@code UserName}, {@code PassWd} (vendor-formats 5.3; FusionPBX
     * x4u, wazo-provd-plugins base-new.tpl). [code]
     */
    @Override
    public Optional<String> phonebookPath(Mac mac) {
        return Optional.of("phonebook-" + mac.hex() + ".xml");
    }


    /**
     * A key is the element path below the file's root, one to three XML element names separated
     * by '/' ({@code phone/MenuPassword} in the sysConf format, {@code MMI_CONFIG_MODULE/Menu_Password}
     * in the older one); the value is escaped by the template's XML output format.
     */
    @Override
    public Optional<String> rawSettingProblem(String key, String value) {
        String[] path = key.split("/", -1);
        if (path.length > 3) {
            return Optional.of("\"" + key + "\" has more than 3 levels (section/element)");
        }
        for (String element : path) {
            Optional<String> name = io.phonehome.phones.RawSettingRules.xmlNameProblem(element);
            if (name.isPresent()) {
                return name;
            }
        }
        return io.phonehome.phones.RawSettingRules.valueProblem(value);
    }

    /**
     * The sysConf syntax gets no codec order (its AudioCodecSets is documented as a capability set,
     * not an order); the older syntax's Voice_Codec slots take only the codecs with a documented
     * spelling ({@link FanvilTypedSettings}).
     */
    @Override
    public Map<String, String> codecsNotOffered(ModelInfo model, List<String> codecs) {
        Map<String, String> out = new LinkedHashMap<>();
        boolean older = VoipConfigFormat.NAME.equals(model.attribute(FanvilFormat.ATTRIBUTE).map(String::trim).orElse(""));
        for (String c : codecs) {
            if (!older) {
                out.put(c, "no codec order is written in the " + model.model() + "'s sysConf syntax; it keeps its own");
            } else if (!FanvilTypedSettings.hasVoiceCodec(c)) {
                out.put(c, "no documented Voice_Codec spelling for " + c + ": left out");
            }
        }
        return out;
    }
}
