package io.phonehome.phones.fanvil;

import io.phonehome.inventory.ModelInfo;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Fanvil DSS keys in the {@code <sysConf>} syntax: {@code <dsskey><dssSide index="page"><Fkey index="i">}
 * with {@code <Type>}, {@code <Value>}, {@code <Title>} (WAZO {@code wazo_fanvil/common/templates/base-new.tpl}).
 * Type 2 is a line ({@code SIPn}); type 1 a memory key whose value ends in its function:
 * {@code ext@line/ba} BLF, {@code number@line/f} speed dial (WAZO {@code wazo_fanvil/common/common.py}
 * {@code _format_funckey_blf}, {@code _format_funckey_speeddial}). Keys are paged: key N is on page
 * (N-1)/P+1, at (N-1)%P+1, P being the catalog's {@code dss_keys_per_page} (WAZO
 * {@code serie_x/entry.py} {@code FUNCTION_KEYS_PER_PAGE}); a model without it, and the older
 * {@code VOIP_CONFIG_FILE} syntax, get no keys from Phonehome.
 */
final class FanvilKeys {
    static final String PER_PAGE_ATTRIBUTE = "dss_keys_per_page";
    static final Map<String, Integer> TYPES = Map.of("line", 2, "blf", 1, "speed_dial", 1);
    static final Map<String, String> SUFFIX = Map.of("blf", "/ba", "speed_dial", "/f");

    private FanvilKeys() {
    }

    /** @param attributes the model's catalog row */
    static Optional<Integer> perPage(Map<String, String> attributes) {
        return Optional.ofNullable(attributes.get(PER_PAGE_ATTRIBUTE)).map(String::trim).filter(s -> s.matches("[1-9][0-9]?"))
                .map(Integer::parseInt);
    }

    static Set<String> types(ModelInfo model) {
        String format = model.attribute(FanvilFormat.ATTRIBUTE).orElse("").trim();
        return format.isEmpty() && perPage(model.attributes()).isPresent() ? TYPES.keySet() : Set.of();
    }
}
