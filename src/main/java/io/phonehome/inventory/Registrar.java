package io.phonehome.inventory;

/** A SIP registrar address a site's phones register to. */
public record Registrar(String host, int port, Transport transport) {
    public Registrar {
        if (host == null || host.isBlank()) {
            throw new InventoryException("registrar host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new InventoryException("registrar port " + port + " is outside 1..65535");
        }
    }
}
