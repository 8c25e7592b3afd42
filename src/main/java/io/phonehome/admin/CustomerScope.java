package io.phonehome.admin;

import io.phonehome.http.HttpStatusException;
import io.phonehome.inventory.CustomerRepository;
import io.phonehome.inventory.InventoryException;
import io.phonehome.inventory.Mac;
import io.phonehome.inventory.NotFoundException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a token limited to one customer may reach, decided before any route runs.
 *
 * <p>Deny by default: only the routes in {@link #OPEN} answer such a token at all. Every other
 * route (fleet-wide settings, firmware catalog and campaigns, backups, customers, tokens, audit,
 * actions, commissioning, keys, hot desking, voicemail, IVR, contacts...) answers it 404, the same
 * answer whatever the path names, so it tells nothing about what exists. An open route that names
 * an object in its path (a site id, a MAC, an extension) is checked here: an object of another
 * customer, or of none (a device without a site), gets the same 404 as one that does not exist.
 * Open listing and writing routes limit themselves by {@link Actor#customerId()} (device and event
 * filters, the import's sites, the site list).
 */
final class CustomerScope {
    /** The routes a customer-limited token may call ("METHOD /path"). */
    static final Set<String> OPEN = Set.of(
            // catalogs and the caller itself: nothing of any customer in them
            "GET /api/v1/openapi.json", "GET /api/v1/me", "GET /api/v1/models", "GET /api/v1/templates", "GET /api/v1/setting-types",
            // sites: the list is the customer's, a new site is the customer's
            "GET /api/v1/sites", "POST /api/v1/sites", "GET /api/v1/sites/{id}", "PATCH /api/v1/sites/{id}", "DELETE /api/v1/sites/{id}",
            // devices: listed, created, changed and imported only at the customer's sites
            "GET /api/v1/devices", "POST /api/v1/devices", "POST /api/v1/devices/import", "GET /api/v1/export",
            "GET /api/v1/devices/{mac}", "PATCH /api/v1/devices/{mac}", "DELETE /api/v1/devices/{mac}", "POST /api/v1/devices/{mac}/rearm",
            "GET /api/v1/devices/{mac}/lines", "PUT /api/v1/devices/{mac}/lines", "GET /api/v1/devices/{mac}/handsets",
            "PATCH /api/v1/devices/{mac}/handsets/{index}", "GET /api/v1/devices/{mac}/diagnostics", "GET /api/v1/devices/{mac}/settings",
            // what the device's phone gets (previews) and what it did (events, the customer's only)
            "GET /api/v1/devices/{mac}/files", "GET /api/v1/devices/{mac}/files/{name}", "GET /api/v1/devices/{mac}/files/{name}/diff",
            "GET /api/v1/devices/{mac}/events", "GET /api/v1/events",
            "GET /api/v1/lines/{extension}", "PATCH /api/v1/lines/{extension}");

    private final CustomerRepository customers;

    CustomerScope(CustomerRepository customers) {
        this.customers = customers;
    }

    /**
     * Lets the call through, or throws the 404 (or the 400 of a malformed path value, as the route
     * itself would answer).
     */
    void admit(Actor actor, Router.Route route, Map<String, String> params) {
        if (!actor.scoped()) {
            return;
        }
        if (!OPEN.contains(route.key())) {
            throw HttpStatusException.notFound("no such resource for a token limited to one customer: " + route.path()
                    + " is the installation's, not a customer's");
        }
        long customer = actor.customerId();
        String mac = params.get("mac");
        if (mac != null) {
            Mac m = parseMac(mac);
            requireOwner(customers.ownerOfDevice(m), customer, "no device " + m.colons() + " in the inventory");
        }
        String extension = params.get("extension");
        if (extension != null) {
            // within the token's own extension space: another customer's same extension is neither found nor refused
            if (!customers.hasExtension(customer, extension)) {
                throw new NotFoundException("no line with extension " + extension);
            }
        }
        String id = params.get("id");
        if (id != null && route.path().startsWith("/api/v1/sites/")) {
            if (!id.matches("[0-9]{1,18}")) {
                throw HttpStatusException.badRequest("id '" + id + "' must be a whole number");
            }
            requireOwner(customers.ownerOfSite(Long.parseLong(id)), customer, "site " + id + " does not exist");
        }
    }

    private static void requireOwner(Optional<Long> owner, long customer, String notFound) {
        if (!owner.equals(Optional.of(customer))) {
            throw new NotFoundException(notFound);
        }
    }

    private static Mac parseMac(String text) {
        try {
            return Mac.parse(text);
        } catch (InventoryException e) {
            throw HttpStatusException.badRequest(e.getMessage());
        }
    }
}
