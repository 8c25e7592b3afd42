package io.phonehome.inventory;

/** The change collides with what is already there (a MAC, an extension, a site name in use). */
public final class ConflictException extends InventoryException {
    public ConflictException(String message) {
        super(message);
    }
}
