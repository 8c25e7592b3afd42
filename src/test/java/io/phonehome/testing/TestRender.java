package io.phonehome.testing;

import io.phonehome.phones.ConfigModel;
import io.phonehome.phones.TemplateRenderer;
import io.phonehome.phones.PhonePlugin;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders the repository's templates the way {@code ConfigFiles} does (model data, the plug-in's
 * {@code vendor} values, {@code request}, extra data such as {@code redirect}), without a server:
 * for the branches an integration test cannot reach yet (firmware targets, redirection).
 */
public final class TestRender {
    private static final TemplateRenderer RENDERER = new TemplateRenderer(TestServer.REPO_TEMPLATES, 0);

    private TestRender() {
    }

    public static String render(PhonePlugin plugin, String template, ConfigModel model, String fileName, Map<String, Object> extra) {
        Map<String, Object> data = model.toTemplateData();
        data.put("vendor", plugin.vendorValues(model));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("file", fileName);
        data.put("request", request);
        if (plugin.carriesConfigRevision(null)) {
            // what ConfigFiles writes there: a revision (clock seconds) in the plug-in's syntax
            data.put("config_revision", plugin.formatConfigRevision(java.time.Instant.now().getEpochSecond()));
        }
        data.putAll(extra);
        String mac = model.device() == null ? null : model.device().mac().hex();
        String name = model.model().name().isEmpty() ? null : model.model().name();
        return RENDERER.render(plugin.id(), template, mac, name, data);
    }

    public static String render(PhonePlugin plugin, String template, ConfigModel model, String fileName) {
        return render(plugin, template, model, fileName, Map.of());
    }
}
