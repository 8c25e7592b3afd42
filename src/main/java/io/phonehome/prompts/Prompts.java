package io.phonehome.prompts;

import io.phonehome.media.Clip;
import io.phonehome.media.Outcome;
import io.phonehome.media.WavAudio;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sentences Phonehome speaks in the calls it answers itself, in the four languages of Swiss
 * sites: English, French (said the Swiss way: septante, huitante, nonante), German and Italian.
 * They ship as 8 kHz A-law WAVs made from {@code src/main/prompts/phrases.tsv} by
 * {@code src/main/prompts/generate.sh}; each is read once, on first use, and then shared by every
 * call as one {@link Clip} (encoded once per codec).
 *
 * <p>A site's language picks the prompts ({@code fr-CH} and {@code fr} alike are French); a
 * language without prompts falls back to English. Asking for a key that is not in
 * {@code phrases.tsv} is a mistake in the code, so it throws rather than playing silence.
 */
public final class Prompts {
    public static final List<String> LANGUAGES = List.of("en", "fr", "de", "it");
    private static final String ROOT = "/io/phonehome/prompts/";
    private static final Prompts SHARED = new Prompts();

    private final Set<String> keys;
    private final Map<String, Clip> loaded = new ConcurrentHashMap<>();

    private Prompts() {
        this.keys = Set.copyOf(readKeys());
    }

    /** The prompts shipped with Phonehome. */
    public static Prompts shipped() {
        return SHARED;
    }

    /** The prompt language for a site language as set ({@code de-CH}, {@code FR}, {@code rm} ...). */
    public static String languageOf(String siteLanguage) {
        String l = siteLanguage == null ? "" : siteLanguage.trim().toLowerCase(Locale.ROOT);
        int dash = l.indexOf('-') >= 0 ? l.indexOf('-') : l.indexOf('_');
        String base = dash > 0 ? l.substring(0, dash) : l;
        return LANGUAGES.contains(base) ? base : "en";
    }

    /** Every phrase key (without the numbers). */
    public Set<String> keys() {
        return keys;
    }

    /** One phrase in the site's language. */
    public Clip say(String siteLanguage, String key) {
        if (!keys.contains(key)) {
            throw new IllegalArgumentException("no prompt '" + key + "' in phrases.tsv");
        }
        return load(languageOf(siteLanguage), key);
    }

    /** A count as words: 0 to 100 as one number ("vingt-et-un"), larger ones digit by digit. */
    public List<Clip> number(String siteLanguage, long n) {
        String lang = languageOf(siteLanguage);
        if (n >= 0 && n <= 100) {
            return List.of(load(lang, "n" + n));
        }
        return digits(siteLanguage, Long.toString(Math.abs(n)));
    }

    /**
     * An extension or a PIN read back digit by digit ("2 0 4"), as installers check numbers; the
     * characters that are not digits are left out.
     */
    public List<Clip> digits(String siteLanguage, String digits) {
        String lang = languageOf(siteLanguage);
        List<Clip> out = new ArrayList<>(digits.length() * 2);
        for (char c : digits.toCharArray()) {
            if (c >= '0' && c <= '9') {
                out.add(load(lang, "n" + c));
                out.add(Clip.silence(120));
            }
        }
        return out;
    }

    private Clip load(String lang, String key) {
        return loaded.computeIfAbsent(lang + "/" + key, k -> {
            try (InputStream in = Prompts.class.getResourceAsStream(ROOT + k + ".wav")) {
                if (in == null) {
                    throw new IllegalStateException("prompt " + k + ".wav is missing: run src/main/prompts/generate.sh");
                }
                Outcome<Clip> clip = WavAudio.read(in.readAllBytes());
                if (!clip.isOk()) {
                    throw new IllegalStateException("prompt " + k + ".wav: " + clip.why());
                }
                return clip.value();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static List<String> readKeys() {
        try (InputStream in = Prompts.class.getResourceAsStream(ROOT + "phrases.tsv")) {
            if (in == null) {
                throw new IllegalStateException("phrases.tsv is missing from the prompts");
            }
            List<String> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line.substring(0, line.indexOf('\t')));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
