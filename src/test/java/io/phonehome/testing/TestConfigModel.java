package io.phonehome.testing;

import io.phonehome.phones.VendorRegistry;
import io.phonehome.inventory.Mac;
import io.phonehome.inventory.ModelInfo;
import io.phonehome.inventory.Srtp;
import io.phonehome.inventory.SupportedModels;
import io.phonehome.inventory.Transport;
import io.phonehome.phones.ConfigModel;
import io.phonehome.phones.TimeZoneRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link ConfigModel} of one device of a catalog model, for plug-in and template tests
 * that do not need a server: a site in a given zone (rules as of mid-2026), lines on
 * {@code prov.example.com}, optional firmware target and syslog.
 */
public final class TestConfigModel {
    public static final Instant MID_2026 = Instant.parse("2026-06-15T12:00:00Z");
    public static final String HOST = "prov.example.com";

    private final ModelInfo model;
    private final Mac mac;
    private String zone = "Europe/Zurich";
    private String language = "de";
    private List<String> ntp = List.of("ntp1.example.ch", "ntp2.example.ch");
    private String baseUrl = "https://" + HOST + ":8443/";
    private int recheckMinutes = 1440;
    private ConfigModel.FirmwareInfo firmware;
    private String syslogHost;
    private Integer syslogPort;
    private final List<ConfigModel.LineInfo> lines = new ArrayList<>();
    private final List<ConfigModel.BaseInfo> bases = new ArrayList<>();
    private final List<ConfigModel.KeyInfo> keys = new ArrayList<>();

    private TestConfigModel(String vendor, String model, String mac) {
        this.model = VendorRegistry.builtIn().models().find(vendor, model).orElseThrow(() -> new AssertionError(vendor + " " + model + " not in catalog"));
        this.mac = Mac.parse(mac);
    }

    public static TestConfigModel of(String vendor, String model, String mac) {
        return new TestConfigModel(vendor, model, mac);
    }

    public TestConfigModel zone(String zone) {
        this.zone = zone;
        return this;
    }

    public TestConfigModel language(String language) {
        this.language = language;
        return this;
    }

    public TestConfigModel ntp(List<String> servers) {
        this.ntp = servers;
        return this;
    }

    public TestConfigModel baseUrl(String url) {
        this.baseUrl = url;
        return this;
    }

    public TestConfigModel recheckMinutes(int minutes) {
        this.recheckMinutes = minutes;
        return this;
    }

    public TestConfigModel firmware(String version, String url) {
        this.firmware = new ConfigModel.FirmwareInfo(version, url);
        return this;
    }

    public TestConfigModel syslog(String host, int port) {
        this.syslogHost = host;
        this.syslogPort = port;
        return this;
    }

    /** A line on Phonehome's registrar (5060, or 5061 for TLS), 600 s expiry. */
    public TestConfigModel line(int index, String extension, String displayName, Transport transport, Srtp srtp) {
        ConfigModel.ServerAddress server = new ConfigModel.ServerAddress(HOST, transport == Transport.TLS ? 5061 : 5060, transport);
        lines.add(new ConfigModel.LineInfo(index, extension, displayName, "", "u" + extension, "pw-" + extension, transport, srtp,
                server, null, 600));
        return this;
    }

    /** A line with a secondary registrar. */
    public TestConfigModel lineWithBackup(int index, String extension, String backupHost) {
        ConfigModel.ServerAddress server = new ConfigModel.ServerAddress(HOST, 5060, Transport.UDP);
        ConfigModel.ServerAddress backup = new ConfigModel.ServerAddress(backupHost, 5070, Transport.UDP);
        lines.add(new ConfigModel.LineInfo(index, extension, "Line " + extension, "Label " + extension, "u" + extension, "pw-" + extension,
                Transport.UDP, Srtp.OFF, server, backup, 600));
        return this;
    }

    /** A line whose second server is a DNS SRV domain ({@code sip.secondary_server=srv:<domain>}). */
    public TestConfigModel lineWithSrvBackup(int index, String extension, String domain) {
        ConfigModel.ServerAddress server = new ConfigModel.ServerAddress(HOST, 5060, Transport.UDP);
        ConfigModel.ServerAddress backup = new ConfigModel.ServerAddress(domain, 0, Transport.UDP, true);
        lines.add(new ConfigModel.LineInfo(index, extension, "Line " + extension, "Label " + extension, "u" + extension, "pw-" + extension,
                Transport.UDP, Srtp.OFF, server, backup, 600));
        return this;
    }

    /** A radio base linked to this (multi-cell DECT manager) device; serial may be null. */
    public TestConfigModel base(String mac, String model, String serial) {
        bases.add(new ConfigModel.BaseInfo(Mac.parse(mac), model, serial));
        return this;
    }

    /** A programmable key on the phone (module 0) or expansion module M, as the keys capability gives it. */
    public TestConfigModel key(int module, int position, String type, String value, String label, int line) {
        keys.add(new ConfigModel.KeyInfo(module, position, type, value, label, line));
        return this;
    }

    public ConfigModel build() {
        return new ConfigModel(new ConfigModel.DeviceInfo(mac, "SN-1"),
                new ConfigModel.ModelData(model.vendor(), model.model(), model.family(), model.accounts(), model.handsets(), model.attributes(), null),
                new ConfigModel.SiteInfo("Zurich HQ", language, ntp, "admin-Secret-42", syslogHost, syslogPort),
                TimeZoneRule.of(zone, MID_2026), lines, List.of(),
                new ConfigModel.ProvisioningInfo(baseUrl, mac.hex(), "own-device-password", recheckMinutes), firmware,
                new ConfigModel.ServerInfo(HOST, baseUrl + "phonehome-ca.pem", 5060, 5061), bases, keys, null, null);
    }

    /** The common-file model of the same catalog model: no device, site, lines or secrets. */
    public ConfigModel buildCommon() {
        return new ConfigModel(null,
                new ConfigModel.ModelData(model.vendor(), model.model(), model.family(), model.accounts(), model.handsets(), model.attributes(), null),
                null, null, List.of(), List.of(), new ConfigModel.ProvisioningInfo(baseUrl, null, null, 0), firmware,
                new ConfigModel.ServerInfo(HOST, baseUrl + "phonehome-ca.pem", 5060, 5061));
    }
}
