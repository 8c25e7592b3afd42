package io.phonehome.firmware;

import io.phonehome.errors.PhonehomeException;
import io.phonehome.inventory.FieldError;
import java.util.List;

/**
 * A firmware rule was broken: bad input (an image for the wrong model, a version the catalog
 * does not have, a corrupted upload, an impossible campaign), something that does not exist, or
 * a change that conflicts with what is in use. Nothing was changed when this is thrown. The
 * message is meant for the technician; it never holds a secret.
 */
public final class FirmwareException extends PhonehomeException {
    /** What kind of problem, so an edge can answer with the right status. */
    public enum Reason {
        /** The input breaks a rule (422 in the admin API). */
        INVALID,
        /** The named image, target or campaign does not exist (404). */
        NOT_FOUND,
        /** The change conflicts with the current state, e.g. deleting an image in use (409). */
        CONFLICT
    }

    private final Reason reason;
    private final List<FieldError> errors;

    public FirmwareException(Reason reason, String message) {
        this(reason, message, List.of());
    }

    public FirmwareException(Reason reason, String message, List<FieldError> errors) {
        super(message);
        this.reason = reason;
        this.errors = List.copyOf(errors);
    }

    public static FirmwareException invalid(String message) {
        return new FirmwareException(Reason.INVALID, message);
    }

    public static FirmwareException notFound(String message) {
        return new FirmwareException(Reason.NOT_FOUND, message);
    }

    public static FirmwareException conflict(String message) {
        return new FirmwareException(Reason.CONFLICT, message);
    }

    /** Several field problems at once; the message names the first. */
    public static FirmwareException invalid(List<FieldError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).toString() : errors.size() + " problems: " + errors.get(0) + "; ...";
        return new FirmwareException(Reason.INVALID, detail, errors);
    }

    public Reason reason() {
        return reason;
    }

    /** Per-field problems, empty when the message says it all. */
    public List<FieldError> errors() {
        return errors;
    }
}
