package io.phonehome.ivr;

import io.phonehome.inventory.ConflictException;
import io.phonehome.inventory.Device;
import io.phonehome.inventory.FieldError;
import io.phonehome.inventory.Inventory;
import io.phonehome.inventory.NotFoundException;
import io.phonehome.inventory.Site;
import io.phonehome.inventory.ValidationException;
import io.phonehome.media.Caller;
import io.phonehome.media.ServiceDirectory;
import io.phonehome.settings.EffectiveSetting;
import io.phonehome.settings.LayeredSettings;
import io.phonehome.settings.SettingRegistry;
import io.phonehome.settings.StoredValue;
import io.phonehome.store.Jdbc;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Announcements, IVR menus and the read-back number, as the admin API and the calls see them. The
 * menus are held in memory by site and number (read once at start, replaced on every write), so
 * the SIP edge's question for each INVITE ({@link #directory()}) needs no database read.
 */
public final class Ivr {
    static final Pattern NUMBER = Pattern.compile("[0-9]{1,16}");

    private final Inventory inventory;
    private final LayeredSettings settings;
    private final String globalEchoNumber;
    private final Announcements announcements;
    private final MenuRepository menuRows;
    private final Clock clock;
    /** site id -> number -> menu. */
    private final Map<Long, Map<String, StoredMenu>> menus = new ConcurrentHashMap<>();

    /**
     * @param globalEchoNumber {@code sip_echo_number} (empty when unset): a menu may not take it
     */
    public Ivr(Jdbc jdbc, Inventory inventory, LayeredSettings settings, Path dataDir, String globalEchoNumber, Clock clock) {
        this.inventory = inventory;
        this.settings = settings;
        this.globalEchoNumber = globalEchoNumber == null ? "" : globalEchoNumber.trim();
        this.clock = clock;
        this.announcements = new Announcements(new AnnouncementRepository(jdbc), dataDir.resolve("announcements"), clock);
        this.menuRows = new MenuRepository(jdbc);
        reload();
    }

    /** Reads the menus again: a deleted site's rows went with it (ON DELETE CASCADE), so must its menus in memory. */
    public synchronized void reload() {
        Map<Long, Map<String, StoredMenu>> fresh = new ConcurrentHashMap<>();
        for (StoredMenu m : menuRows.all()) {
            fresh.computeIfAbsent(m.siteId(), s -> new ConcurrentHashMap<>()).put(m.number(), m);
        }
        menus.keySet().retainAll(fresh.keySet());
        menus.putAll(fresh);
    }

    /** The menus and the read-back number, for {@code SipServer.answerWith}. */
    public ServiceDirectory directory() {
        return new IvrDirectory(this);
    }

    // ------------------------------------------------------------------ announcements

    public Announcement uploadAnnouncement(String name, Long siteId, byte[] wav, String by) {
        if (siteId != null) {
            site(siteId);
        }
        return announcements.upload(name, siteId, wav, by);
    }

    public List<Announcement> announcements() {
        return announcements.list();
    }

    public Announcement announcement(String name, Long siteId) {
        Announcements.checkName(name);
        return announcements.get(name, siteId);
    }

    public Path announcementFile(Announcement a) {
        return announcements.file(a);
    }

    /** Deletes an announcement no menu plays; one that a menu plays is refused, naming the menus. */
    public Announcement deleteAnnouncement(String name, Long siteId) {
        Announcement a = announcement(name, siteId);
        List<String> users = new ArrayList<>();
        for (StoredMenu m : menus()) {
            // a global announcement is played only where the site has none of its own
            boolean reaches = siteId != null ? m.siteId() == siteId : announcements.find(name, m.siteId()).isEmpty();
            if (reaches && plays(m.plan(), name)) {
                users.add("menu " + m.number() + " of site " + siteName(m.siteId()));
            }
        }
        if (!users.isEmpty()) {
            throw new ConflictException("announcement " + name + " is played by " + String.join(", ", users) + "; change or delete that first");
        }
        announcements.delete(a);
        return a;
    }

    private static boolean plays(MenuPlan plan, String name) {
        return plan.menus().values().stream().anyMatch(n -> name.equals(n.announcement())
                || n.options().values().stream().anyMatch(o -> o.kind() == MenuOption.Kind.ANNOUNCEMENT && o.target().equals(name)));
    }

    // ------------------------------------------------------------------ menus

    /** Checks {@code draft} as a whole and makes it the menu on {@code number} at the site, replacing the one there. */
    public StoredMenu setMenu(long siteId, String number, MenuDraft draft, String by) {
        long customer = site(siteId).customerId();
        if (number == null || !NUMBER.matcher(number).matches()) {
            throw new ValidationException(List.of(FieldError.of("number", "a menu's number is 1 to 16 digits")));
        }
        clash(siteId, number).ifPresent(why -> {
            throw new ConflictException("number " + number + " is " + why + " at site " + siteName(siteId) + "; choose another number");
        });
        MenuPlan plan = MenuRules.check(draft, new MenuRules.Known(a -> announcements.playable(a, siteId),
                // a menu hands callers over inside its site's customer (issue 17: extension 382 may be another customer's too)
                e -> inventory.lines().byExtension(customer, e).isPresent()));
        StoredMenu m = new StoredMenu(siteId, number, plan, by, clock.instant());
        menuRows.save(m);
        menus.computeIfAbsent(siteId, s -> new ConcurrentHashMap<>()).put(number, m);
        return m;
    }

    public Optional<StoredMenu> menu(long siteId, String number) {
        return Optional.ofNullable(menus.getOrDefault(siteId, Map.of()).get(number));
    }

    public List<StoredMenu> menus() {
        List<StoredMenu> all = new ArrayList<>();
        menus.values().forEach(m -> all.addAll(m.values()));
        all.sort(java.util.Comparator.comparingLong(StoredMenu::siteId).thenComparing(StoredMenu::number));
        return all;
    }

    public StoredMenu deleteMenu(long siteId, String number) {
        StoredMenu m = menu(siteId, number).orElseThrow(() -> new NotFoundException("site " + siteName(siteId) + " has no menu on " + number));
        menuRows.delete(siteId, number);
        menus.getOrDefault(siteId, new ConcurrentHashMap<>()).remove(number);
        return m;
    }

    /** What else {@code number} already is for the site's phones, if anything. */
    private Optional<String> clash(long siteId, String number) {
        Optional<io.phonehome.inventory.Line> line = inventory.lines().byExtension(site(siteId).customerId(), number);
        if (line.isPresent()) {
            return Optional.of("the extension of a line (" + line.get().displayName() + ")");
        }
        if (number.equals(globalEchoNumber)) {
            return Optional.of("the echo test's number (sip_echo_number)");
        }
        for (StoredValue v : settings.all()) {
            // values of other sites do not reach this site's phones
            if (v.scope().siteId() != 0 && v.scope().siteId() != siteId) {
                continue;
            }
            if (v.name().equals(SettingRegistry.ECHO_NUMBER) && v.value().equals(number)) {
                return Optional.of("the echo test's number (" + SettingRegistry.ECHO_NUMBER + " at " + v.scope() + ")");
            }
            if (v.name().equals(SettingRegistry.READBACK_NUMBER) && v.value().equals(number)) {
                return Optional.of("the read-back number (" + SettingRegistry.READBACK_NUMBER + " at " + v.scope() + ")");
            }
            if (v.name().equals(SettingRegistry.VOICEMAIL_NUMBER) && (v.value().equals(number) || number.startsWith(v.value() + "*"))) {
                return Optional.of("the voicemail number (" + SettingRegistry.VOICEMAIL_NUMBER + " at " + v.scope() + ")");
            }
        }
        return Optional.empty();
    }

    private Site site(long siteId) {
        return inventory.sites().findById(siteId).orElseThrow(() -> new NotFoundException("no site " + siteId));
    }

    private String siteName(long siteId) {
        return inventory.sites().findById(siteId).map(Site::name).orElse(Long.toString(siteId));
    }

    // ------------------------------------------------------------------ for the calls

    Announcements announcementStore() {
        return announcements;
    }

    /** Whether any scope sets {@code name} to {@code dialled}: from memory, cheap for every INVITE. */
    boolean setAnywhere(String name, String dialled) {
        for (StoredValue v : settings.all()) {
            if (v.name().equals(name) && v.value().equals(dialled)) {
                return true;
            }
        }
        return false;
    }

    /** The value of a typed setting that applies to the caller's device. */
    Optional<String> effective(Caller caller, String name) {
        Optional<Device> device = inventory.devices().findById(caller.deviceId());
        if (device.isEmpty()) {
            return Optional.empty();
        }
        Site site = device.get().siteId() == null ? null : inventory.sites().findById(device.get().siteId()).orElse(null);
        return settings.effective(device.get(), site).stream().filter(e -> e.name().equals(name)).map(EffectiveSetting::value).findFirst();
    }
}
