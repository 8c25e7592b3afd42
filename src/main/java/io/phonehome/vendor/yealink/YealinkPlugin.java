package io.phonehome.vendor.yealink;

import io.phonehome.inventory.Mac;
import io.phonehome.vendor.ConfigModel;
import io.phonehome.vendor.FetchRequest;
import io.phonehome.vendor.FileKind;
import io.phonehome.vendor.Identification;
import io.phonehome.vendor.TimeZoneRule;
import io.phonehome.vendor.VendorPlugin;
import java.util.LinkedHashMap;
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
 */
public final class YealinkPlugin implements VendorPlugin {
    public static final String ID = "yealink";
    /** Yealink OUIs (wazo-provd's list plus the ones seen on W-series bases). */
    static final Set<String> OUIS = Set.of("001565", "805ec0", "805e0c", "249ad8", "44dbd2", "c4fc22", "e434d7", "240ce8", "cc7b35");

    private static final Pattern MAC_BOOT = Pattern.compile("(?i)([0-9a-f]{12})\\.boot");
    private static final Pattern MAC_CFG = Pattern.compile("(?i)([0-9a-f]{12})\\.cfg");
    private static final Pattern COMMON_CFG = Pattern.compile("y0{9,10}([0-9]{2,3})\\.cfg");
    private static final String COMMON_BOOT = "y000000000000.boot";
    private static final String TEXT = "text/plain; charset=utf-8";

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
    public Map<String, Object> vendorValues(ConfigModel model) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("transport", Map.of("udp", 0, "tcp", 1, "tls", 2));
        // Yealink admin guide: 0 disabled, 1 optional, 2 compulsory.
        v.put("srtp", Map.of("off", 0, "optional", 1, "mandatory", 2));
        String commonId = model.model().attributes().getOrDefault("common_id", "");
        if (!commonId.isEmpty()) {
            v.put("common_file", "y000000000" + commonId + ".cfg");
        }
        if (model.site() != null) {
            v.put("language", language(model.site().language()));
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

    /** GUI language names as Yealink firmware spells them; English where a language is missing. */
    static String language(String code) {
        return switch (code) {
            case "de" -> "German";
            case "fr" -> "French";
            case "it" -> "Italian";
            case "es" -> "Spanish";
            case "pt" -> "Portuguese";
            case "pl" -> "Polish";
            case "ru" -> "Russian";
            case "tr" -> "Turkish";
            case "cs" -> "Czech";
            case "nl" -> "Dutch";
            default -> "English";
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
}
