package io.phonehome.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phonehome.http.HttpStatusException;
import java.util.Map;

/** JSON merge patch (RFC 7396): objects merge, {@code null} removes, anything else replaces. */
final class MergePatch {
    private MergePatch() {
    }

    /** Applies {@code patch} to {@code current} (in its JSON form) and reads the result back strictly as {@code type}. */
    static <T> T apply(Object current, JsonNode patch, Class<T> type) {
        JsonNode base = AdminJson.MAPPER.valueToTree(current);
        JsonNode merged = merge(base, patch);
        try {
            return AdminJson.MAPPER.treeToValue(merged, type);
        } catch (JsonProcessingException e) {
            throw AdminJson.badJson(e);
        } catch (IllegalArgumentException e) {
            throw HttpStatusException.badRequest(e.getMessage());
        }
    }

    static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode out = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : AdminJson.MAPPER.createObjectNode();
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            if (e.getValue().isNull()) {
                out.remove(e.getKey());
            } else {
                out.set(e.getKey(), merge(out.get(e.getKey()), e.getValue()));
            }
        }
        return out;
    }
}
