package io.phonehome.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.phonehome.http.HttpStatusException;
import java.util.stream.Collectors;

/**
 * The admin API's JSON: snake_case names, ISO-8601 times, and strict reading: an unknown field,
 * a duplicate key, a string where a number belongs (or the reverse), trailing garbage, all fail
 * with a message that names the field, instead of being guessed at.
 */
final class AdminJson {
    static final ObjectMapper MAPPER = build();

    private AdminJson() {
    }

    private static ObjectMapper build() {
        ObjectMapper m = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(com.fasterxml.jackson.databind.cfg.EnumFeature.WRITE_ENUMS_TO_LOWERCASE)
                .addModule(new JavaTimeModule())
                .build();
        // No silent conversions between text, numbers and booleans in either direction.
        for (LogicalType t : new LogicalType[] {LogicalType.Textual, LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.Integer, t == LogicalType.Integer ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, t == LogicalType.Float ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, t == LogicalType.Boolean ? CoercionAction.TryConvert : CoercionAction.Fail);
        }
        m.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.EmptyArray, CoercionAction.Fail);
        return m;
    }

    /** A 400 that says which field was wrong and how, without echoing the whole input back. */
    static HttpStatusException badJson(JsonProcessingException e) {
        String path = "";
        if (e instanceof JsonMappingException jm && !jm.getPath().isEmpty()) {
            path = jm.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }
        String why;
        if (e instanceof UnrecognizedPropertyException u) {
            why = "unknown field '" + u.getPropertyName() + "'" + (u.getKnownPropertyIds() == null ? "" : "; known fields: "
                    + u.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")));
        } else if (e instanceof InvalidFormatException f) {
            why = "value " + abbreviate(String.valueOf(f.getValue())) + " is not a valid " + simpleType(f.getTargetType());
        } else if (e instanceof MismatchedInputException mi && mi.getOriginalMessage() != null && mi.getOriginalMessage().startsWith("Trailing token")) {
            why = "malformed JSON: more data after the JSON value";
        } else if (e instanceof MismatchedInputException mi) {
            why = "expected " + simpleType(mi.getTargetType());
        } else {
            String msg = e.getOriginalMessage() == null ? "malformed JSON" : e.getOriginalMessage();
            int nl = msg.indexOf('\n');
            why = "malformed JSON: " + (nl > 0 ? msg.substring(0, nl) : msg);
            if (e.getLocation() != null) {
                why += " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            }
        }
        return HttpStatusException.badRequest((path.isEmpty() ? "" : "field '" + path + "': ") + why);
    }

    private static String simpleType(Class<?> c) {
        if (c == null) {
            return "value";
        }
        if (c == String.class) {
            return "string";
        }
        if (c == Integer.class || c == int.class || c == Long.class || c == long.class) {
            return "whole number";
        }
        if (c == Boolean.class || c == boolean.class) {
            return "boolean (true or false)";
        }
        if (java.util.Collection.class.isAssignableFrom(c)) {
            return "array";
        }
        if (c.isEnum()) {
            return "one of " + java.util.Arrays.stream(c.getEnumConstants()).map(x -> x.toString().toLowerCase(java.util.Locale.ROOT))
                    .collect(Collectors.joining(", "));
        }
        return "object";
    }

    private static String abbreviate(String s) {
        return "'" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
    }
}
