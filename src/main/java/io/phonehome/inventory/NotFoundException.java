package io.phonehome.inventory;

import io.phonehome.errors.NotFound;

/** The named site, device or line does not exist. */
public final class NotFoundException extends InventoryException implements NotFound {
    public NotFoundException(String message) {
        super(message);
    }
}
