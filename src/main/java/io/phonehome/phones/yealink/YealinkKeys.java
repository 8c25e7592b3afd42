package io.phonehome.phones.yealink;

import io.phonehome.inventory.ModelInfo;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Yealink's DSS key type codes for Phonehome's key types, written as {@code linekey.N.type} and
 * {@code expansion_module.M.key.N.type} (WAZO {@code BaseYealinkFunckeyGenerator}, vendor-formats
 * "Function keys"). The codes are those of FusionPBX {@code app/devices/resources/classes/yealink.php}
 * ({@code memory_key_functions}): 15 line, 16 BLF, 13 speed dial, 10 call park, 5 DND,
 * 3 transfer, 14 intercom, 12 voicemail; 15/16/13/10 are also the codes of WAZO's v8x plug-ins.
 * A BLF key subscribes through the account it names, so it watches on the registrar that
 * account uses (Phonehome's SIP core unless the site names another).
 */
final class YealinkKeys {
    static final Map<String, Integer> CODES = Map.of(
            "line", 15,
            "blf", 16,
            "speed_dial", 13,
            "park", 10,
            "dnd", 5,
            "transfer", 3,
            "intercom", 14,
            "voicemail", 12);

    private YealinkKeys() {
    }

    /** Desk phones carry line keys; the DECT families have none in this syntax. */
    static Set<String> types(ModelInfo model) {
        return model.family().equals("desk") ? CODES.keySet() : Set.of();
    }

    static Optional<String> noKeysReason(ModelInfo model) {
        return model.family().equals("desk") ? Optional.empty()
                : Optional.of("its family (" + model.family() + ") has no linekey settings in the file Phonehome writes for it");
    }
}
