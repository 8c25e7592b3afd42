package io.phonehome.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Masks secrets in JSON by field name, wherever they are nested: every field whose name is or
 * ends in {@code password}, {@code secret} or {@code token}. Used for the audit log (always) and
 * for responses to viewers. Masking by name means a new secret field is masked as soon as it is
 * named like one.
 */
final class Secrets {
    static final String MASK = "****";

    private Secrets() {
    }

    static boolean isSecretName(String field) {
        return field.equals("password") || field.endsWith("_password") || field.equals("secret") || field.endsWith("_secret")
                || field.equals("token");
    }

    /** Masks in place and returns the same node. Null and empty values stay as they are (absence is not a secret). */
    static JsonNode mask(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode v = o.get(name);
                if (isSecretName(name) && v != null && !v.isNull() && !(v.isTextual() && v.asText().isEmpty())) {
                    o.set(name, TextNode.valueOf(MASK));
                } else {
                    mask(v);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (Iterator<JsonNode> it = a.elements(); it.hasNext(); ) {
                mask(it.next());
            }
        }
        return node;
    }

    /** A copy of {@code value} as a JSON tree with secrets masked. */
    static JsonNode masked(Object value) {
        if (value == null) {
            return null;
        }
        JsonNode tree = value instanceof JsonNode n ? n.deepCopy() : AdminJson.MAPPER.valueToTree(value);
        return mask(tree);
    }

    /** For maps built by hand. */
    static JsonNode masked(Map<String, ?> value) {
        return masked((Object) value);
    }
}
