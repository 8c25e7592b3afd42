package io.phonehome.firmware;

import io.phonehome.errors.Conflict;
import io.phonehome.errors.NotFound;
import io.phonehome.errors.PhonehomeException;
import io.phonehome.inventory.FieldError;
import java.util.List;

/**
 * A firmware rule was broken: bad input (an image for the wrong model, a version the catalog
 * does not have, a corrupted upload, an impossible campaign), something that does not exist, or
 * a change that conflicts with what is in use. Nothing was changed when this is thrown. The
 * message is meant for the technician; it never holds a secret.
 */
public class FirmwareException extends PhonehomeException {
    private final List<FieldError> errors;

    private FirmwareException(String message, List<FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    /** The named image, target or campaign does not exist. */
    public static final class Missing extends FirmwareException implements NotFound {
        private Missing(String message) {
            super(message, List.of());
        }
    }

    /** The change conflicts with the current state, e.g. deleting an image in use. */
    public static final class Conflicting extends FirmwareException implements Conflict {
        private Conflicting(String message) {
            super(message, List.of());
        }
    }

    /** The input breaks a rule. */
    public static FirmwareException invalid(String message) {
        return new FirmwareException(message, List.of());
    }

    public static FirmwareException notFound(String message) {
        return new Missing(message);
    }

    public static FirmwareException conflict(String message) {
        return new Conflicting(message);
    }

    /** Several field problems at once; the message names the first. */
    public static FirmwareException invalid(List<FieldError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).toString() : errors.size() + " problems: " + errors.get(0) + "; ...";
        return new FirmwareException(detail, errors);
    }

    /** Per-field problems, empty when the message says it all. */
    public List<FieldError> errors() {
        return errors;
    }
}
