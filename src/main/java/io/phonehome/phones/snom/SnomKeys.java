package io.phonehome.phones.snom;

import io.phonehome.inventory.ModelInfo;
import io.phonehome.phones.ConfigModel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Snom function keys: {@code <functionKeys><fkey idx="I" context="L" label="..">TYPE VALUE</fkey>},
 * {@code idx} counted from 0 (WAZO {@code wazo_snom/common/common.py} {@code _add_fkeys}: idx is the
 * key number minus one; FusionPBX {@code snom/D785/{$mac}.xml}: context is the account). The
 * expansion modules' keys continue after the phone's own: on a D785 the phone has fkeys 0-23
 * and module M has 24+18(M-1) .. 41+18(M-1) (nethesis {@code nethvoice-wizard-ui}
 * {@code services/provisioning/models/snomservice.js}, D785 functionKeys/expKeys).
 *
 * <p>Type words (FusionPBX {@code app/devices/resources/classes/snom.php} {@code memory_key_functions},
 * WAZO {@code _add_fkeys}): {@code line}, {@code blf}, {@code speed}, {@code orbit} (call park),
 * {@code transfer}, {@code icom} (intercom). A BLF key names the full SIP URI it subscribes to, so
 * it points at the registrar of the account it uses (Phonehome's SIP core unless the site names
 * another): {@code blf <sip:201@host:5060>}.
 *
 * <p>DND and voicemail are key events, type {@code keyevent} followed by the event (Snom wiki
 * "Function Key Types": {@code keyevent = Key Event}; FusionPBX {@code app/devices/app_config.php}
 * snom functions: {@code key_event = keyevent}): {@code keyevent F_DND} toggles do-not-disturb
 * (snom D765 manual, Appendix 5 "Key Events": DND; WAZO {@code wazo_snom} and FusionPBX snom
 * templates bind {@code dkey_dnd} to it), {@code keyevent F_RETRIEVE} is the message key, which
 * calls the identity's mailbox (FusionPBX {@code resources/templates/provision/snom/720/{$mac}.xml}
 * {@code dkey_retrieve}). A key event takes no value: the mailbox it dials is the identity's own, so
 * a value given for these keys is refused rather than dropped.
 */
final class SnomKeys {
    static final Map<String, String> WORDS = Map.of(
            "line", "line",
            "blf", "blf",
            "speed_dial", "speed",
            "park", "orbit",
            "transfer", "transfer",
            "intercom", "icom",
            "dnd", "keyevent F_DND",
            "voicemail", "keyevent F_RETRIEVE");
    /** Key types whose word is the whole key: no value follows it. */
    static final Set<String> WITHOUT_VALUE = Set.of("line", "dnd", "voicemail");

    private SnomKeys() {
    }

    static Set<String> types(ModelInfo model) {
        return model.family().equals("desk") ? WORDS.keySet() : Set.of();
    }

    static Optional<String> noKeysReason(ModelInfo model) {
        return model.family().equals("desk") ? Optional.empty()
                : Optional.of("the DECT bases' settings files carry no function keys for their handsets");
    }

    static Optional<String> keyProblem(String type, String value) {
        if (WITHOUT_VALUE.contains(type) && !type.equals("line") && value != null && !value.isEmpty()) {
            return Optional.of("a Snom " + type + " key is the key event " + WORDS.get(type) + ", which takes no value (it acts on the "
                    + "key's own identity); leave the value empty");
        }
        return Optional.empty();
    }

    /** {@code host:port} of the registrar each account uses, by account index, for BLF URIs. */
    static Map<String, String> lineServers(ConfigModel model) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ConfigModel.LineInfo l : model.lines()) {
            out.put(Integer.toString(l.index()), l.server().host() + ":" + l.server().port());
        }
        return out;
    }
}
