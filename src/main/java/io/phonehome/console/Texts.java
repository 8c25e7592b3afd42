package io.phonehome.console;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

/**
 * The console's words, from {@code console/messages_*.properties} (English, French, German: the
 * Swiss installers' languages). The language is the person's choice (the switch sets a cookie) or
 * else the browser's {@code Accept-Language}, else English.
 */
final class Texts {
    static final List<String> LANGUAGES = List.of("en", "fr", "de");
    private final Map<String, Map<String, String>> byLanguage = new HashMap<>();

    Texts() {
        for (String l : LANGUAGES) {
            ResourceBundle b = ResourceBundle.getBundle("console.messages", Locale.forLanguageTag(l), Pages.class.getClassLoader(),
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
            Map<String, String> m = new HashMap<>();
            for (String k : b.keySet()) {
                m.put(k, b.getString(k));
            }
            byLanguage.put(l, Map.copyOf(m));
        }
    }

    Map<String, String> of(String language) {
        return byLanguage.getOrDefault(language, byLanguage.get("en"));
    }

    /** The language for this cookie value and Accept-Language header. */
    static String choose(String cookie, String acceptLanguage) {
        if (cookie != null && LANGUAGES.contains(cookie)) {
            return cookie;
        }
        if (acceptLanguage != null && !acceptLanguage.isBlank()) {
            try {
                List<Locale.LanguageRange> ranges = Locale.LanguageRange.parse(acceptLanguage);
                String best = Locale.lookupTag(ranges, LANGUAGES);
                if (best != null) {
                    return best;
                }
            } catch (IllegalArgumentException e) {
                return "en";
            }
        }
        return "en";
    }
}
