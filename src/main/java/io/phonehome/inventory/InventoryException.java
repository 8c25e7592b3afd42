package io.phonehome.inventory;

import io.phonehome.errors.PhonehomeException;

/** An inventory rule was broken; the message is meant for the technician who can fix it. */
public class InventoryException extends PhonehomeException {
    public InventoryException(String message) {
        super(message);
    }
}
