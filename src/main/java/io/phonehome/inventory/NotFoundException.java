package io.phonehome.inventory;

/** The named site, device or line does not exist. */
public final class NotFoundException extends InventoryException {
    public NotFoundException(String message) {
        super(message);
    }
}
