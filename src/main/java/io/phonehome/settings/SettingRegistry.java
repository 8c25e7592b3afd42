package io.phonehome.settings;

import io.phonehome.inventory.ModelNames;
import io.phonehome.inventory.Site;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The typed Phonehome settings a scope can set, with their types and the defaults a site implies
 * (a Swiss site gets Swiss tones and DD.MM.YYYY without anyone setting them). Vendor-neutral:
 * each plug-in's templates write the vendor's keys for them.
 */
public final class SettingRegistry {
    /** Call-progress tone sets by the country the site's time zone lies in. */
    private static final Map<String, String> TONES_BY_ZONE = Map.ofEntries(
            Map.entry("Europe/Zurich", "CH"), Map.entry("Europe/Berlin", "DE"), Map.entry("Europe/Vienna", "AT"),
            Map.entry("Europe/Paris", "FR"), Map.entry("Europe/Rome", "IT"), Map.entry("Europe/London", "GB"),
            Map.entry("Europe/Amsterdam", "NL"), Map.entry("Europe/Brussels", "BE"), Map.entry("Europe/Madrid", "ES"),
            Map.entry("Europe/Vaduz", "CH"), Map.entry("Europe/Stockholm", "SE"),
            Map.entry("America/New_York", "US"), Map.entry("America/Chicago", "US"), Map.entry("America/Denver", "US"),
            Map.entry("America/Los_Angeles", "US"));
    private static final List<String> COUNTRIES = List.of("AT", "BE", "CH", "DE", "ES", "FR", "GB", "IT", "NL", "SE", "US");
    /** Languages whose users write dates day first with dots. */
    private static final Set<String> DOTTED_DATE_LANGUAGES = Set.of("de", "fr", "it", "rm", "nl", "da", "fi", "no", "nb", "pl", "cs", "ru");

    private static final Function<Site, Optional<String>> NONE = s -> Optional.empty();

    /** The number the lines of a scope dial for Phonehome's echo test (the SIP edge reads it by this name). */
    public static final String ECHO_NUMBER = "services.echo_number";
    /** The number an installer dials to hear the line's own extension read back (the IVR package reads it by this name). */
    public static final String READBACK_NUMBER = "services.readback_number";
    /**
     * The number a line's voicemail key and the phones' message menu dial (the config model reads
     * it by this name): set per site, or for the whole fleet, where the mailboxes are reached.
     */
    public static final String VOICEMAIL_NUMBER = io.phonehome.phones.ConfigModel.VOICEMAIL_NUMBER_SETTING;

    /** The number a hot desk calls to log a user in by voice (extension, PIN): read by the hot-desk login service. */
    public static final String HOTDESK_LOGIN_NUMBER = "hotdesk.login_number";
    /** Whether a call to a busy line (486, 600) goes to its mailbox; read by the SIP edge, on/off. */
    public static final String VOICEMAIL_ON_BUSY = "voicemail.on_busy";
    /** After how many seconds of ringing (or at once, when no phone is registered) a call goes to the mailbox; 0 is never. */
    public static final String VOICEMAIL_NO_ANSWER_SECONDS = "voicemail.no_answer_seconds";

    /**
     * The second Phonehome node (host[:port]) the phones of a scope fall back to when the first does
     * not answer, for sites on Phonehome's own SIP core (the config model reads it by this name).
     */
    public static final String SECONDARY_SERVER = io.phonehome.phones.ConfigModel.SECONDARY_SERVER_SETTING;

    /** The setting that overrides the site's phone admin password (the config model reads it by this name). */
    public static final String ADMIN_PASSWORD = io.phonehome.phones.ConfigModel.ADMIN_PASSWORD_SETTING;

    private static final List<TypedSetting> ALL = List.of(
            new TypedSetting("time.format", "clock shown as 12h or 24h", TypedSetting.Type.CHOICE, List.of("24h", "12h"), 0, 0,
                    s -> Optional.of(s.timeZone().startsWith("America/") ? "12h" : "24h")),
            new TypedSetting("date.format", "date shown on the display", TypedSetting.Type.CHOICE,
                    List.of("DD.MM.YYYY", "DD/MM/YYYY", "MM/DD/YYYY", "YYYY-MM-DD"), 0, 0, SettingRegistry::dateFormat),
            new TypedSetting("tones.country", "call-progress tones of this country", TypedSetting.Type.CHOICE, COUNTRIES, 0, 0,
                    s -> Optional.ofNullable(TONES_BY_ZONE.get(s.timeZone()))),
            new TypedSetting("ntp.secondary", "second NTP server", TypedSetting.Type.HOST, List.of(), 0, 0, NONE),
            // Written as each vendor's second SIP server with its return-to-primary keys; a site's own
            // registrar2 (sites on another registrar) wins over it.
            new TypedSetting(SECONDARY_SERVER, "second Phonehome node (host[:port]) the phones register to while the first does not "
                    + "answer; they return to the first by themselves; or srv:<domain>, a DNS SRV domain naming the nodes", TypedSetting.Type.SERVER, List.of(), 0, 0, NONE),
            new TypedSetting("network.vlan.id", "voice VLAN id of the phone's own port", TypedSetting.Type.INTEGER, List.of(), 1, 4094, NONE),
            new TypedSetting("network.lldp", "LLDP on or off", TypedSetting.Type.CHOICE, List.of("on", "off"), 0, 0, NONE),
            new TypedSetting("network.cdp", "CDP on or off", TypedSetting.Type.CHOICE, List.of("on", "off"), 0, 0, NONE),
            new TypedSetting("qos.dscp.sip", "DSCP of SIP packets", TypedSetting.Type.INTEGER, List.of(), 0, 63, NONE),
            new TypedSetting("qos.dscp.rtp", "DSCP of RTP packets", TypedSetting.Type.INTEGER, List.of(), 0, 63, NONE),
            new TypedSetting("codecs.order", "codecs offered, first preferred", TypedSetting.Type.LIST,
                    List.of("G722", "PCMA", "PCMU", "G729", "OPUS", "G726", "G723", "ILBC"), 0, 0, NONE),
            // Overrides the site's phone admin password for the devices of its scope; a secret.
            new TypedSetting(ADMIN_PASSWORD, "the phones' admin (web and menu) password", TypedSetting.Type.SECRET, List.of(), 8, 64, NONE),
            // Read by the SIP edge, not written into any phone's file: which number Phonehome answers itself.
            new TypedSetting(ECHO_NUMBER, "the number these phones dial for Phonehome's echo test (overrides sip_echo_number)",
                    TypedSetting.Type.INTEGER, List.of(), 1, 99_999_999, NONE),
            // Read by the IVR package like the echo number: Phonehome answers it and reads the caller's extension back.
            new TypedSetting(READBACK_NUMBER, "the number these phones dial to hear their own extension read back (installers' check)",
                    TypedSetting.Type.INTEGER, List.of(), 1, 99_999_999, NONE),
            new TypedSetting("phone.web_ui", "the phone's own web interface: on (HTTP and HTTPS), https-only or off",
                    TypedSetting.Type.CHOICE, List.of("on", "https-only", "off"), 0, 0, NONE),
            new TypedSetting(VOICEMAIL_NUMBER, "the number the phones dial for the mailbox (voicemail key, message menu)",
                    TypedSetting.Type.DIAL, List.of(), 1, 32, NONE),
            // Read by the hot-desk login service, not written into any phone's file.
            new TypedSetting(HOTDESK_LOGIN_NUMBER, "the number a hot desk calls to log a user in by extension and PIN",
                    TypedSetting.Type.DIAL, List.of(), 1, 32, NONE),
            // voicemail forwarding: read by the SIP edge, written into no phone's file; a line's own
            // choice (admin API, /lines/{ext}/voicemail) wins over the scope's. Off unless set.
            new TypedSetting(VOICEMAIL_ON_BUSY, "a call to a busy line goes to its mailbox: on or off",
                    TypedSetting.Type.CHOICE, List.of("on", "off"), 0, 0, NONE),
            new TypedSetting(VOICEMAIL_NO_ANSWER_SECONDS, "seconds of ringing before a call goes to the mailbox (also at once when "
                    + "no phone of the line is registered); 0 is never", TypedSetting.Type.INTEGER, List.of(), 0, 300, NONE));

    private final Map<String, TypedSetting> byName = new TreeMap<>();

    public SettingRegistry() {
        for (TypedSetting t : ALL) {
            byName.put(t.name(), t);
        }
    }

    public Optional<TypedSetting> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public java.util.Collection<TypedSetting> all() {
        return byName.values();
    }

    /** True for a typed setting whose value is never shown back. */
    public boolean isSecret(String name) {
        return find(name).map(TypedSetting::secret).orElse(false);
    }

    /** The known name closest to a mistyped one, for "did you mean". */
    public Optional<String> closest(String name) {
        // A name cut short ("network.vlan") means the setting it starts, not one that spells alike.
        String lower = name.toLowerCase(Locale.ROOT);
        Optional<String> extended = byName.keySet().stream().filter(k -> lower.length() >= 4 && k.startsWith(lower)).findFirst();
        if (extended.isPresent()) {
            return extended;
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : byName.keySet()) {
            int d = ModelNames.distance(name.toLowerCase(Locale.ROOT), known);
            if (d < bestDistance) {
                best = known;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.max(3, name.length() / 3) ? Optional.ofNullable(best) : Optional.empty();
    }

    private static Optional<String> dateFormat(Site s) {
        String lang = s.language() == null ? "" : s.language().toLowerCase(Locale.ROOT);
        String base = lang.split("[-_]")[0];
        if (DOTTED_DATE_LANGUAGES.contains(base)) {
            return Optional.of("DD.MM.YYYY");
        }
        return Optional.of(s.timeZone().startsWith("America/") ? "MM/DD/YYYY" : "DD/MM/YYYY");
    }
}
