package io.phonehome.phones;

import io.phonehome.inventory.Device;
import io.phonehome.inventory.DeviceSnapshot;
import io.phonehome.inventory.Handset;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.ModelInfo;
import io.phonehome.inventory.Registrar;
import io.phonehome.inventory.Site;
import io.phonehome.inventory.SupportedModels;
import io.phonehome.inventory.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link ConfigModel} of a device (or of a model, for common files) from the
 * inventory and what Phonehome knows about how the phone reached it.
 *
 * <p>Registrar rule: when the site names a registrar, every line registers there with the
 * site's host, port and transport; otherwise lines register on Phonehome's own SIP core, on the
 * port of the line's transport, at the SIP domain of the site's customer when it has one of its
 * own (issue 17: the phone's account is then {@code extension@domain}, the domain's DNS names
 * Phonehome) and otherwise at the host the phone used to reach Phonehome, as before.
 */
public final class ConfigModelBuilder {
    /** Registration interval written into configs: short enough to keep NAT bindings open. */
    public static final int REGISTER_EXPIRES_SECONDS = 600;

    private final SupportedModels models;
    private final int sipPort;
    private final int sipTlsPort;
    private final FirmwareResolver firmware;
    private final String caPem;
    private final DeviceKeys keys;
    private final DeviceSettings settings;
    private final DeviceLines deviceLines;
    /** A customer's own SIP domain by customer id, or null (set once by the composition root). */
    private volatile java.util.function.LongFunction<String> sipDomainOf = id -> null;

    public ConfigModelBuilder(SupportedModels models, int sipPort, int sipTlsPort, FirmwareResolver firmware) {
        this(models, sipPort, sipTlsPort, firmware, null, DeviceKeys.NONE);
    }

    /**
     * @param caPem Phonehome's CA certificate (PEM), for phones that are given it inline; null for none
     * @param keys  where a device's programmable keys come from
     */
    public ConfigModelBuilder(SupportedModels models, int sipPort, int sipTlsPort, FirmwareResolver firmware, String caPem, DeviceKeys keys) {
        this(models, sipPort, sipTlsPort, firmware, caPem, keys, DeviceSettings.NONE);
    }

    /** @param settings where a device's effective layered settings come from */
    public ConfigModelBuilder(SupportedModels models, int sipPort, int sipTlsPort, FirmwareResolver firmware, String caPem, DeviceKeys keys,
                              DeviceSettings settings) {
        this(models, sipPort, sipTlsPort, firmware, caPem, keys, settings, DeviceLines.OWN);
    }

    /** @param deviceLines which lines a device's configuration carries (its own, or a hot-desk user's) */
    public ConfigModelBuilder(SupportedModels models, int sipPort, int sipTlsPort, FirmwareResolver firmware, String caPem, DeviceKeys keys,
                              DeviceSettings settings, DeviceLines deviceLines) {
        this.deviceLines = deviceLines;
        this.models = models;
        this.sipPort = sipPort;
        this.sipTlsPort = sipTlsPort;
        this.firmware = firmware;
        this.caPem = caPem;
        this.keys = keys;
        this.settings = settings;
    }

    /** Rises with every change of a layered setting: part of a per-device file's cache key. */
    public long settingsGeneration() {
        return settings.generation();
    }

    /** The device whose keys {@code d}'s configuration carries (a seated hot-desk user's own phone, else {@code d}). */
    public long keysOwner(Device d) {
        return deviceLines.keysOwner(d);
    }

    /** Rises with every change of which lines a device carries: part of a per-device file's cache key. */
    public long linesGeneration() {
        return deviceLines.generation();
    }

    /**
     * @param requestBaseUrl the base URL the phone used ({@code https://host:port/}); used when the
     *                       site sets no provisioning URL of its own
     * @param serverHost     Phonehome's host name as phones reach it
     */
    /**
     * Where a customer's own SIP domain comes from (customer id to domain, null for none). A
     * change of domain must change what the render cache keys on: the customer's sites' revision.
     */
    public void sipDomainsFrom(java.util.function.LongFunction<String> domainOfCustomer) {
        this.sipDomainOf = domainOfCustomer;
    }

    public ConfigModel forDevice(DeviceSnapshot snap, String reportedFirmware, String requestBaseUrl, String serverHost) {
        Device d = snap.device();
        Site site = snap.site();
        if (site == null) {
            throw new RenderException("device " + d.mac() + " has no site; assign it to one before it can be provisioned");
        }
        ModelInfo model = models.find(d.vendor(), d.model())
                .orElseThrow(() -> new RenderException("model " + d.vendor() + " " + d.model() + " is no longer in the model catalog"));
        String baseUrl = site.provisioningUrl() != null ? withSlash(site.provisioningUrl()) : requestBaseUrl;
        ConfigModel.SettingsInfo effective = settings.forDevice(d, site);
        String secondNode = effective.typed().get(ConfigModel.SECONDARY_SERVER_SETTING);
        List<ConfigModel.LineInfo> lines = new ArrayList<>();
        String customerDomain = sipDomainOf.apply(site.customerId());
        String sipHost = customerDomain != null ? customerDomain : serverHost;
        for (Line l : deviceLines.linesOf(d, snap.lines())) {
            ConfigModel.ServerAddress primary;
            ConfigModel.ServerAddress backup = null;
            if (site.registrar1() != null) {
                primary = address(site.registrar1());
                backup = site.registrar2() == null ? null : address(site.registrar2());
            } else {
                int port = l.transport() == Transport.TLS ? sipTlsPort : sipPort;
                primary = new ConfigModel.ServerAddress(sipHost, port, l.transport());
                // a second Phonehome node shares the database, so the line registers there with the
                // same credentials and transport; its port is the first node's unless the setting names one
                backup = secondNode == null ? null : secondNode(secondNode, port, l.transport());
            }
            lines.add(new ConfigModel.LineInfo(l.position(), l.extension(), l.displayName(), l.label(), l.authUser(), l.password(),
                    primary.transport(), l.srtp(), primary, backup, REGISTER_EXPIRES_SECONDS));
        }
        List<ConfigModel.HandsetInfo> handsets = new ArrayList<>();
        for (Handset h : snap.handsets()) {
            handsets.add(new ConfigModel.HandsetInfo(h.index(), h.name(), h.ipui(), h.linePositions()));
        }
        String syslogHost = null;
        Integer syslogPort = null;
        if (site.syslogServer() != null) {
            String[] hp = site.syslogServer().split(":", 2);
            syslogHost = hp[0];
            syslogPort = hp.length > 1 ? Integer.parseInt(hp[1]) : 514;
        }
        ConfigModel.SiteInfo siteInfo = new ConfigModel.SiteInfo(site.name(), site.language(), site.ntpServers(),
                site.phoneAdminPassword(), syslogHost, syslogPort);
        ConfigModel.FirmwareInfo fw = firmware.target(model, d, site, reportedFirmware, baseUrl).orElse(null);
        List<ConfigModel.BaseInfo> bases = snap.bases().stream()
                .map(b -> new ConfigModel.BaseInfo(b.mac(), b.model(), b.serial())).toList();
        return new ConfigModel(new ConfigModel.DeviceInfo(d.mac(), d.serial()), modelData(model, reportedFirmware), siteInfo,
                TimeZoneRule.of(site.timeZone()), lines, handsets,
                new ConfigModel.ProvisioningInfo(baseUrl, d.mac().hex(), d.provPassword(), site.recheckMinutes()),
                fw, server(serverHost, baseUrl), bases, withVoicemailNumber(keys.keysOf(d.id(), deviceLines.keysOwner(d)), effective), effective);
    }

    /** {@code host}, {@code host:port} or {@code [v6]:port}, as the typed setting checked it. */
    /** How {@code sip.secondary_server} names a DNS SRV domain instead of a host: {@code srv:example.com}. */
    public static final String SRV_PREFIX = "srv:";

    static ConfigModel.ServerAddress secondNode(String value, int defaultPort, Transport transport) {
        if (value.startsWith(SRV_PREFIX)) {
            // a DNS SRV domain: its records name the nodes and their ports, the phone looks them up
            return new ConfigModel.ServerAddress(value.substring(SRV_PREFIX.length()), 0, transport, true);
        }
        int colon = value.lastIndexOf(':');
        boolean hasPort = colon > 0 && value.indexOf(']') < colon && (value.startsWith("[") || value.indexOf(':') == colon);
        if (!hasPort) {
            return new ConfigModel.ServerAddress(value, defaultPort, transport);
        }
        return new ConfigModel.ServerAddress(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)), transport);
    }

    /**
     * A voicemail key entered without a number dials the device's voicemail number, where its site
     * (or the fleet) sets one: the installer sets the number once instead of on every key.
     */
    static List<ConfigModel.KeyInfo> withVoicemailNumber(List<ConfigModel.KeyInfo> keys, ConfigModel.SettingsInfo settings) {
        String number = settings.typed().get(ConfigModel.VOICEMAIL_NUMBER_SETTING);
        if (number == null) {
            return keys;
        }
        return keys.stream()
                .map(k -> k.type().equals("voicemail") && k.value().isEmpty()
                        ? new ConfigModel.KeyInfo(k.module(), k.position(), k.type(), number, k.label(), k.line()) : k)
                .toList();
    }

    /**
     * The model of a redirect file (the RPS role): the device and its model, nothing of a site
     * (a redirected device has none), no lines, no secret of ours. The provisioning URL is the one
     * the phone used; the redirect target itself is given to templates as {@code redirect}.
     */
    public ConfigModel forRedirect(Device d, String reportedFirmware, String requestBaseUrl, String serverHost) {
        ModelInfo model = models.find(d.vendor(), d.model())
                .orElseThrow(() -> new RenderException("model " + d.vendor() + " " + d.model() + " is no longer in the model catalog"));
        return new ConfigModel(new ConfigModel.DeviceInfo(d.mac(), d.serial()), modelData(model, reportedFirmware), null, null, List.of(),
                List.of(), new ConfigModel.ProvisioningInfo(requestBaseUrl, null, null, 0), null, server(serverHost, requestBaseUrl));
    }

    /** The model of a common file: no device, no site, no secret. */
    public ConfigModel forCommon(ModelInfo model, String reportedFirmware, String requestBaseUrl, String serverHost) {
        ConfigModel.FirmwareInfo fw = firmware.target(model, null, null, reportedFirmware, requestBaseUrl).orElse(null);
        return new ConfigModel(null, modelData(model, reportedFirmware), null, null, List.of(), List.of(),
                new ConfigModel.ProvisioningInfo(requestBaseUrl, null, null, 0), fw, server(serverHost, requestBaseUrl));
    }

    /** A common file requested without a recognisable model (e.g. Grandstream {@code cfg.xml}). */
    public ConfigModel forVendor(String vendor, String reportedFirmware, String requestBaseUrl, String serverHost) {
        ConfigModel.ModelData md = new ConfigModel.ModelData(vendor, "", "", 0, 0, Map.of(), reportedFirmware);
        return new ConfigModel(null, md, null, null, List.of(), List.of(),
                new ConfigModel.ProvisioningInfo(requestBaseUrl, null, null, 0), null, server(serverHost, requestBaseUrl));
    }

    private static ConfigModel.ModelData modelData(ModelInfo m, String reportedFirmware) {
        return new ConfigModel.ModelData(m.vendor(), m.model(), m.family(), m.accounts(), m.handsets(), m.attributes(), reportedFirmware);
    }

    private ConfigModel.ServerInfo server(String host, String baseUrl) {
        return new ConfigModel.ServerInfo(host, baseUrl + "phonehome-ca.pem", sipPort, sipTlsPort, baseUrl + "phonehome-ca.crt", caPem);
    }

    private static ConfigModel.ServerAddress address(Registrar r) {
        return new ConfigModel.ServerAddress(r.host(), r.port(), r.transport());
    }

    private static String withSlash(String url) {
        return url.endsWith("/") ? url : url + "/";
    }
}
