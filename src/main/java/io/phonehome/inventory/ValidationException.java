package io.phonehome.inventory;

import java.util.List;
import java.util.stream.Collectors;

/** One or more fields of an input are invalid; {@link #errors()} lists each with its field. */
public final class ValidationException extends InventoryException {
    private final transient List<FieldError> errors;

    public ValidationException(List<FieldError> errors) {
        super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
