package io.phonehome.phones.grandstream;

import io.phonehome.inventory.ModelInfo;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Grandstream GRP261x multi-purpose keys as P-values: key N is the block starting at
 * P(23000 + 5(N-1)): mode, account (0-based), description, value (WAZO
 * {@code wazo_grandstream/common/common.py} {@code _add_mpk}, start code 23000, five codes per key,
 * used for the models of its {@code MODEL_FKEYS}: GRP2612..GRP2616). The mode numbers are the
 * dynamic key modes of Grandstream's configuration template ("-1 - None, 0 - Speed Dial, 1 - BLF,
 * ... 6 - Voice Mail, 7 - Call Return, 8 - Transfer, 9 - Call Park, 10 - Intercom"); a line
 * appearance and DND have no dynamic mode there, so they are not offered. Other Grandstream
 * families (GXP, DP, HT) number their keys differently and get none from Phonehome.
 */
final class GrandstreamKeys {
    static final int FIRST_P = 23000;
    static final int P_PER_KEY = 5;
    static final Map<String, Integer> MODES = Map.of(
            "speed_dial", 0,
            "blf", 1,
            "voicemail", 6,
            "transfer", 8,
            "park", 9,
            "intercom", 10);
    private static final Pattern MPK_BLOCK_MODELS = Pattern.compile("GRP261[2-6]");

    private GrandstreamKeys() {
    }

    static boolean writes(ModelInfo model) {
        return MPK_BLOCK_MODELS.matcher(model.model()).matches();
    }

    static Set<String> types(ModelInfo model) {
        return writes(model) ? MODES.keySet() : Set.of();
    }
}
