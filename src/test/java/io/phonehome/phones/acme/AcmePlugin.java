package io.phonehome.phones.acme;

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
import io.phonehome.phones.PhonePlugin;
import io.phonehome.phones.SipUserAgents;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fictitious fifth vendor, registered from the test sources through the same service file as
 * the real four: what it takes to add a vendor is this package, {@code models/acme.csv} and
 * {@code templates/acme/}, and nothing else. Its names are its own so that it never competes with
 * a real vendor's request:
 * <ul>
 * <li>User-Agent {@code AcmeDesk/<model> <firmware> <mac>} (HTTP), {@code AcmeDesk/<model> <firmware>} (SIP);</li>
 * <li>{@code acme-<mac>.xml} per device, {@code acme-common.xml} for the whole vendor;</li>
 * <li>NOTIFY events {@code acme-resync} and {@code acme-reboot};</li>
 * <li>firmware images {@code acme-<model>-<version>.img}, served as {@code <MODEL>_<version>.img}
 *     inside a version directory, {@code acme/<version>/<file>}, like a vendor whose phones ask
 *     for every version under one name.</li>
 * </ul>
 */
public final class AcmePlugin implements PhonePlugin {
    public static final String ID = "acme";
    private static final Pattern AGENT = Pattern.compile("^AcmeDesk/([A-Z0-9]{2,8}) ([0-9]+(?:\\.[0-9]+){2}) ([0-9a-f]{12})$");
    private static final Pattern SIP_AGENT = Pattern.compile("^AcmeDesk/");
    private static final Pattern DEVICE_FILE = Pattern.compile("acme-([0-9a-f]{12})\\.xml");
    private static final String COMMON_FILE = "acme-common.xml";
    private static final Pattern IMAGE = Pattern.compile("acme-([a-z0-9]{2,8})-([0-9]+(?:\\.[0-9]+){2})\\.img");
    private static final String XML = "application/xml; charset=utf-8";

    private final SupportedModels models;

    public AcmePlugin() {
        this(null);
    }

    private AcmePlugin(SupportedModels models) {
        this.models = models;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public AcmePlugin withCatalog(SupportedModels catalog) {
        return new AcmePlugin(catalog);
    }

    @Override
    public Optional<Identification> identify(FetchRequest request) {
        String name = request.fileName();
        if (!name.startsWith("acme-")) {
            return Optional.empty();
        }
        Optional<AgentInfo> ua = parseUserAgent(request.userAgent());
        String model = ua.map(AgentInfo::model).orElse(null);
        String firmware = ua.map(AgentInfo::firmware).orElse(null);
        Mac agentMac = ua.map(AgentInfo::mac).orElse(null);
        int score = 30 + (ua.isPresent() ? 50 : 0);
        if (name.equals(COMMON_FILE)) {
            String known = model != null && models != null && models.find(ID, model).isPresent() ? model : null;
            return Optional.of(new Identification(ID, score, FileKind.COMMON, null, agentMac, known, firmware, "common.xml.ftlx", XML));
        }
        Matcher m = DEVICE_FILE.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Mac.tryParse(m.group(1))
                .map(mac -> new Identification(ID, score, FileKind.DEVICE, mac, agentMac, model, firmware, "mac.xml.ftlx", XML));
    }

    @Override
    public Optional<AgentInfo> parseUserAgent(String userAgent) {
        if (userAgent == null || userAgent.length() > 128) {
            return Optional.empty();
        }
        Matcher m = AGENT.matcher(userAgent);
        return m.matches() ? Optional.of(new AgentInfo(m.group(1), m.group(2), Mac.tryParse(m.group(3)).orElse(null))) : Optional.empty();
    }

    @Override
    public Optional<String> firmwareInSipUserAgent(String userAgent) {
        return SipUserAgents.firmwareAfter(SIP_AGENT, userAgent);
    }

    @Override
    public List<String> deviceFiles(Mac mac, String model) {
        return List.of("acme-" + mac.hex() + ".xml");
    }

    @Override
    public Map<String, Object> vendorValues(ConfigModel model) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("transport", Map.of("udp", "U", "tcp", "T", "tls", "S"));
        v.put("srtp", Map.of("off", "none", "optional", "offer", "mandatory", "require"));
        if (model.site() != null) {
            v.put("language", model.site().language().toUpperCase(Locale.ROOT));
        }
        return v;
    }

    @Override
    public Optional<String> redirectTemplate(Identification id) {
        return id.template().equals("mac.xml.ftlx") ? Optional.of("redirect.xml.ftlx") : Optional.empty();
    }

    @Override
    public NotifyEvents notifyEvents() {
        return new NotifyEvents("acme-resync", "acme-reboot");
    }

    @Override
    public Optional<ImageName> parseImageName(List<String> directories, String fileName) {
        Matcher m = IMAGE.matcher(fileName);
        if (directories.size() != 1 || !m.matches() || !directories.get(0).equals(m.group(2))) {
            return Optional.empty();
        }
        return Optional.of(new ImageName(List.of(m.group(1).toUpperCase(Locale.ROOT)), m.group(2), false));
    }

    @Override
    public ImageLayout imageLayout() {
        return new ImageLayout(true, ID + "/<version>/acme-<model>-<version>.img");
    }

    @Override
    public String servedImageName(String model, String version, String fileName) {
        return model.toUpperCase(Locale.ROOT) + "_" + version + ".img";
    }

    @Override
    public String imageUrlName(ModelInfo model, String version, String servedName) {
        return servedName;
    }
}
