package io.phonehome.inventory;

/** One problem with one field of an input (row 0 when the input is not a table). */
public record FieldError(int row, String field, String message) {
    public static FieldError of(String field, String message) {
        return new FieldError(0, field, message);
    }

    @Override
    public String toString() {
        return (row > 0 ? "row " + row + ", " : "") + field + ": " + message;
    }
}
