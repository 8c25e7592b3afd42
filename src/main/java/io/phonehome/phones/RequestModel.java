package io.phonehome.phones;

import freemarker.template.SimpleScalar;
import freemarker.template.TemplateHashModel;
import freemarker.template.TemplateModel;
import java.util.Map;

/**
 * The {@code request} variable of a template ({@code file}, and {@code mac}/{@code mac_upper}
 * when the User-Agent named one), noting whether the template read the requester's MAC. A common
 * file that never reads it is the same for every phone of the model and is cached once, not once
 * per phone (10,000 phones of one model booting would otherwise fill the render cache).
 */
final class RequestModel implements TemplateHashModel {
    private final Map<String, String> values;
    private volatile boolean macRead;

    RequestModel(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    @Override
    public TemplateModel get(String key) {
        if (key.startsWith("mac")) {
            macRead = true;   // also when absent: "request.mac??" decides on it all the same
        }
        String v = values.get(key);
        return v == null ? null : new SimpleScalar(v);
    }

    @Override
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** Whether the render looked at the requester's MAC (so its output may depend on it). */
    boolean macRead() {
        return macRead;
    }
}
