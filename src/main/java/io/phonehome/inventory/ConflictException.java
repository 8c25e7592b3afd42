package io.phonehome.inventory;

import io.phonehome.errors.Conflict;

/** The change collides with what is already there (a MAC, an extension, a site name in use). */
public final class ConflictException extends InventoryException implements Conflict {
    public ConflictException(String message) {
        super(message);
    }
}
