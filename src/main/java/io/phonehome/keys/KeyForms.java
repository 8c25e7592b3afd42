package io.phonehome.keys;

import io.phonehome.inventory.ModelInfo;
import io.phonehome.phones.VendorRegistry;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What the plug-ins can write as keys for a model: the key types, why a model takes none at all,
 * and what is wrong with one key in its vendor's form. Keys are checked against it when they are
 * entered, so a served file never leaves a key out.
 */
public interface KeyForms {
    /** The generic key types ({@link KeyType#wire()}) the model's plug-in writes. */
    Set<String> types(ModelInfo model);

    /** Why the model takes no key at all, when its plug-in says. */
    default Optional<String> whyNone(ModelInfo model) {
        return Optional.empty();
    }

    /** What is wrong with the key in the model's vendor form, or empty when it can be written. */
    default Optional<String> problem(ModelInfo model, Key key) {
        return Optional.empty();
    }

    /** Types only: no reasons, no per-key problems (a server built without plug-ins, tests). */
    static KeyForms typesOnly(Function<ModelInfo, Set<String>> types) {
        return types::apply;
    }

    /** What the registered plug-ins say. */
    static KeyForms of(VendorRegistry vendors) {
        return new KeyForms() {
            @Override
            public Set<String> types(ModelInfo model) {
                return vendors.keyTypes(model);
            }

            @Override
            public Optional<String> whyNone(ModelInfo model) {
                return vendors.noKeysReason(model);
            }

            @Override
            public Optional<String> problem(ModelInfo model, Key key) {
                return vendors.keyProblem(model, key.module(), key.position(), key.type().wire(), key.value());
            }
        };
    }
}
