package io.phonehome.phones;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.phonehome.inventory.Device;
import io.phonehome.inventory.Inventory;
import io.phonehome.inventory.Mac;
import io.phonehome.inventory.ModelInfo;
import io.phonehome.inventory.Redirect;
import io.phonehome.inventory.Site;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Produces the bytes of a phone's file: builds the model, adds the plug-in's values, renders the
 * template, gives a file that carries a config revision its number ({@link ConfigRevisionStore}),
 * and caches the result by everything it depends on. Shared by the phone-facing handler and the
 * admin API's preview, so a preview is exactly what the phone gets.
 *
 * <p>A config revision is written as a marker first (random per process, so no value from the
 * inventory can spell it); the content without the marker is what is hashed, so the number is a
 * function of the content's history and never of itself. A file served to a phone has its number
 * stored before it is cached; a preview reads the number without storing it and is cached only
 * when that number is the stored one, so the cache never holds a number no phone was given.
 */
public final class ConfigFiles {
    /** How the phone reached us: the base URL it used and Phonehome's host name as it sees it. */
    public record Origin(String baseUrl, String serverHost) {
    }

    /** Who a file is rendered for. */
    public enum Purpose {
        /** A phone: a changed file's config revision is raised and stored. */
        SERVE,
        /** The admin preview: shows the revision the phone would get, stores nothing. */
        PREVIEW
    }

    /** A rendered file. */
    public record Rendered(byte[] body, String etag, String contentType) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final VendorRegistry vendors;
    private final TemplateRenderer renderer;
    private final ConfigModelBuilder models;
    private final RenderCache cache;
    private final Inventory inventory;
    private final ConfigRevisionStore revisions;
    private final PhonebookSource phonebooks;
    /** How often phones fetch their company phonebook again. */
    public static final int PHONEBOOK_REFRESH_MINUTES = 60;
    /** Stands for the config revision in a first render: unguessable, so no inventory value can spell it. */
    private final String revisionMarker;
    private static final int MAX_REMEMBERED_TEMPLATES = 10_000;
    /** Per common file (its cache key without a requester): whether its template read the requester's MAC. */
    private final Cache<RenderCache.Key, Boolean> requesterDependent =
            Caffeine.newBuilder().maximumSize(MAX_REMEMBERED_TEMPLATES).build();

    public ConfigFiles(VendorRegistry vendors, TemplateRenderer renderer, ConfigModelBuilder models, RenderCache cache, Inventory inventory,
                       ConfigRevisionStore revisions) {
        this(vendors, renderer, models, cache, inventory, revisions, PhonebookSource.NONE);
    }

    public ConfigFiles(VendorRegistry vendors, TemplateRenderer renderer, ConfigModelBuilder models, RenderCache cache, Inventory inventory,
                       ConfigRevisionStore revisions, PhonebookSource phonebooks) {
        this.phonebooks = phonebooks;
        this.vendors = vendors;
        this.renderer = renderer;
        this.models = models;
        this.cache = cache;
        this.inventory = inventory;
        this.revisions = revisions;
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        this.revisionMarker = "phonehome-config-revision-" + HexFormat.of().formatHex(nonce);
    }

    /**
     * A per-device file.
     *
     * @param template the template to render (the identification's, or the plug-in's redirect template)
     * @param extra    additional top-level template data (e.g. {@code redirect}), part of the cache key
     * @throws RenderException when the device cannot be rendered (no site, template error)
     */
    public Rendered device(Identification id, String template, Device device, Site site, String fileName, Origin origin,
                           Map<String, Object> extra, Purpose purpose) {
        RenderCache.Key key = deviceKey(id, template, device, site, fileName, origin, extra);
        Rendered hit = cached(key);
        if (hit != null) {
            return hit;
        }
        ConfigModel cm = withPhonebook(id, template, models.forDevice(inventory.snapshot(device), id.firmware(), origin.baseUrl(),
                origin.serverHost()), device, site);
        Draft d = draft(id, template, cm, device.mac().hex(), device.model(), requestModel(fileName, null), extra);
        return finishAndCache(key, d, id, new ConfigRevisionStore.Key(device.mac().hex(), revisionFile(fileName, origin)), purpose);
    }

    /** {@link #device} as a phone gets it ({@link Purpose#SERVE}). */
    public Rendered device(Identification id, String template, Device device, Site site, String fileName, Origin origin,
                           Map<String, Object> extra) {
        return device(id, template, device, site, fileName, origin, extra, Purpose.SERVE);
    }

    /**
     * What {@link #device} would return when it is already rendered, or null: never renders, so
     * it is safe on a thread that must not block.
     */
    public Rendered cachedDevice(Identification id, String template, Device device, Site site, String fileName, Origin origin,
                                 Map<String, Object> extra) {
        return cached(deviceKey(id, template, device, site, fileName, origin, extra));
    }

    /**
     * The subject is the MAC and the device's row: a device deleted and imported again starts its
     * revision count anew, and must not meet the files rendered for the device it replaces. The
     * layered settings' generation is in it because a value set at any scope may change the file.
     */
    private RenderCache.Key deviceKey(Identification id, String template, Device device, Site site, String fileName, Origin origin,
                                      Map<String, Object> extra) {
        // A phonebook lists other devices' lines and the contacts: it changes with any of them.
        String phonebook = isPhonebook(id, template) ? "|phonebook#" + phonebooks.generation() : "";
        // A hot desk with a user carries the keys of the user's own phone: they change with that phone's revision.
        long keysOwner = models.keysOwner(device);
        String keys = keysOwner == device.id() ? ""
                : "|keys of " + keysOwner + "@" + inventory.devices().findById(keysOwner).map(Device::revision).orElse(0L);
        return new RenderCache.Key(id.vendor(), fileName + "|" + template, device.mac().hex() + "#" + device.id(), device.revision(),
                site == null ? 0 : site.revision(), renderer.generation(), origin.baseUrl(), origin.serverHost(),
                id.firmware() + "|" + extra + phonebook + "|settings " + models.settingsGeneration() + "|lines " + models.linesGeneration() + keys);
    }

    private boolean isPhonebook(Identification id, String template) {
        return vendors.plugin(id.vendor()).map(p -> p.phonebookPath(id.mac()).isPresent() && p.phonebookTemplate().equals(template))
                .orElse(false);
    }

    /**
     * The device's phonebook URL on every per-device file of a vendor that has a phonebook, and
     * its entries on the phonebook file itself (only there: the configuration files would
     * otherwise change, and be re-applied by the phone, with every contact).
     */
    private ConfigModel withPhonebook(Identification id, String template, ConfigModel cm, Device device, Site site) {
        PhonePlugin plugin = vendors.plugin(id.vendor()).orElse(null);
        if (plugin == null || site == null) {
            return cm;
        }
        java.util.Optional<String> path = plugin.phonebookPath(device.mac());
        if (path.isEmpty()) {
            return cm;
        }
        java.util.List<ConfigModel.PhonebookEntry> entries = isPhonebook(id, template) ? phonebooks.entries(site) : java.util.List.of();
        return cm.withPhonebook(new ConfigModel.PhonebookInfo(cm.provisioning().baseUrl() + path.get(), PHONEBOOK_REFRESH_MINUTES,
                site.name(), entries));
    }

    private Rendered cached(RenderCache.Key key) {
        RenderCache.Entry hit = cache.get(key);
        return hit == null ? null : new Rendered(hit.body(), hit.etag(), hit.contentType());
    }

    /**
     * The redirect form of a per-device file for a device assigned to another provisioning server
     * (the RPS role): the plug-in's {@link PhonePlugin#redirectTemplate} rendered with
     * {@code redirect.url} and, when set, {@code redirect.username}/{@code redirect.password}.
     *
     * @return empty when the vendor has no redirect form of this file (the phone gets a 404)
     * @throws RenderException when the template fails
     */
    public java.util.Optional<Rendered> redirect(Identification id, Device device, Redirect target, String fileName, Origin origin,
                                                 Purpose purpose) {
        PhonePlugin plugin = vendors.plugin(id.vendor()).orElseThrow(() -> new RenderException("no plug-in for vendor " + id.vendor()));
        java.util.Optional<String> template = plugin.redirectTemplate(id);
        if (template.isEmpty()) {
            return java.util.Optional.empty();
        }
        Map<String, Object> redirect = new LinkedHashMap<>();
        redirect.put("url", target.url());
        if (target.hasCredentials()) {
            redirect.put("username", target.username());
            redirect.put("password", target.password());
        }
        Map<String, Object> extra = Map.of("redirect", redirect);
        // The device's revision changes with its redirect, so the target need not be in the key.
        RenderCache.Key key = new RenderCache.Key(id.vendor(), fileName + "|" + template.get(), device.mac().hex() + "#" + device.id(), device.revision(),
                0, renderer.generation(), origin.baseUrl(), origin.serverHost(), id.firmware() + "|redirect");
        Rendered hit = cached(key);
        if (hit != null) {
            return java.util.Optional.of(hit);
        }
        ConfigModel cm = models.forRedirect(device, id.firmware(), origin.baseUrl(), origin.serverHost());
        Draft d = draft(id, template.get(), cm, device.mac().hex(), device.model(), requestModel(fileName, null), extra);
        // The same revision key as the device's own file: the phone compares the redirect's number with the one it runs.
        return java.util.Optional.of(finishAndCache(key, d, id, new ConfigRevisionStore.Key(device.mac().hex(), revisionFile(fileName, origin)),
                purpose));
    }

    /** The template a file of a device resolves to, for diagnostics (see {@link TemplateRenderer#resolve}). */
    public String resolveTemplate(String vendor, String template, Device device) {
        return renderer.resolve(vendor, template, device.mac().hex(), device.model());
    }

    /** The template files on disk and in the jar, with where each applies (for the admin API). */
    public java.util.List<TemplateRenderer.TemplateFile> templateFiles() {
        return renderer.list();
    }

    /**
     * A common file (model-wide, or vendor-wide when {@code model} is null). Holds no secret.
     *
     * @param agentMac the MAC the User-Agent carried, or null (some common files name the per-MAC file)
     */
    public Rendered common(Identification id, ModelInfo model, String fileName, Origin origin, Mac agentMac, Purpose purpose) {
        RenderCache.Key perFile = commonKey(id, model, fileName, origin, null);
        Rendered hit = cached(lookupKey(perFile, id, model, fileName, origin, agentMac));
        if (hit != null) {
            return hit;
        }
        ConfigModel cm = model == null ? models.forVendor(id.vendor(), id.firmware(), origin.baseUrl(), origin.serverHost())
                : models.forCommon(model, id.firmware(), origin.baseUrl(), origin.serverHost());
        RequestModel request = requestModel(fileName, agentMac);
        Draft d = draft(id, id.template(), cm, null, model == null ? null : model.model(), request, Map.of());
        requesterDependent.put(perFile, request.macRead());
        boolean perRequester = request.macRead();
        String subject = perRequester && agentMac != null ? agentMac.hex() : "";
        return finishAndCache(perRequester ? commonKey(id, model, fileName, origin, agentMac) : perFile, d, id,
                new ConfigRevisionStore.Key(subject, revisionFile(fileName, origin)), purpose);
    }

    /** What {@link #common} would return when it is already rendered, or null (never renders). */
    public Rendered cachedCommon(Identification id, ModelInfo model, String fileName, Origin origin, Mac agentMac) {
        return cached(lookupKey(commonKey(id, model, fileName, origin, null), id, model, fileName, origin, agentMac));
    }

    /**
     * The key a common file is cached under: per file, or per file and requester when its
     * template reads the requester's MAC (or has not been rendered yet: the safe side).
     */
    private RenderCache.Key lookupKey(RenderCache.Key perFile, Identification id, ModelInfo model, String fileName, Origin origin,
                                      Mac agentMac) {
        return Boolean.FALSE.equals(requesterDependent.getIfPresent(perFile)) ? perFile : commonKey(id, model, fileName, origin, agentMac);
    }

    private RenderCache.Key commonKey(Identification id, ModelInfo model, String fileName, Origin origin, Mac agentMac) {
        return new RenderCache.Key(id.vendor(), fileName + "|" + id.template(), model == null ? "vendor" : model.model(),
                0, 0, renderer.generation(), origin.baseUrl(), origin.serverHost(), id.firmware() + "|" + agentMac);
    }

    private static RequestModel requestModel(String fileName, Mac agentMac) {
        Map<String, String> req = new LinkedHashMap<>();
        req.put("file", fileName);
        if (agentMac != null) {
            req.put("mac", agentMac.hex());
            req.put("mac_upper", agentMac.upper());
        }
        return new RequestModel(req);
    }

    /** A first render: the text, with the marker where the config revision goes when the file carries one. */
    private record Draft(String text, PhonePlugin plugin, boolean revised) {
    }

    private Draft draft(Identification id, String template, ConfigModel cm, String mac, String model, RequestModel request,
                        Map<String, Object> extra) {
        PhonePlugin plugin = vendors.plugin(id.vendor()).orElseThrow(() -> new RenderException("no plug-in for vendor " + id.vendor()));
        Map<String, Object> data = cm.toTemplateData();
        data.put("vendor", plugin.vendorValues(cm));
        data.put("request", request);
        boolean revised = plugin.carriesConfigRevision(id);
        if (revised) {
            data.put("config_revision", revisionMarker);
        }
        data.putAll(extra);
        return new Draft(renderer.render(id.vendor(), template, mac, model, data), plugin, revised);
    }

    /**
     * The file's final bytes: the config revision written in (stored for a phone, read for a
     * preview), cached unless the number is one no phone has been given.
     */
    private Rendered finishAndCache(RenderCache.Key cacheKey, Draft d, Identification id, ConfigRevisionStore.Key revisionKey,
                                    Purpose purpose) {
        String text = d.text();
        boolean cacheable = true;
        if (d.revised()) {
            String hash = sha256(text.replace(revisionMarker, ""));
            long number;
            if (purpose == Purpose.SERVE) {
                number = revisions.assign(revisionKey, hash);
            } else {
                ConfigRevisionStore.Revision r = revisions.peek(revisionKey, hash);
                number = r.number();
                cacheable = r.stored();
            }
            text = text.replace(revisionMarker, d.plugin().formatConfigRevision(number));
        }
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        Rendered r = new Rendered(body, etag(body), id.contentType());
        if (cacheable) {
            cache.put(cacheKey, new RenderCache.Entry(r.body(), r.etag(), r.contentType()));
        }
        return r;
    }

    /** A file as the revision store names it: another origin renders another file. */
    private static String revisionFile(String fileName, Origin origin) {
        return fileName + " " + origin.baseUrl();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static String etag(byte[] body) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(d, 0, 16) + "\"";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many rendered files are cached (diagnostics, tests). */
    public int cachedFiles() {
        return cache.size();
    }

    public VendorRegistry vendors() {
        return vendors;
    }
}
