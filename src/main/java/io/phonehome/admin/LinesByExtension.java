package io.phonehome.admin;

import io.phonehome.http.HttpStatusException;
import io.phonehome.inventory.Customer;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.NotFoundException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The line a route names by extension ({@code /api/v1/lines/{extension}...}), within one customer:
 * each customer has its own extension space (issue 17), so extension 200 may be several lines.
 * A token limited to a customer finds its customer's line only (another customer's is a 404, like
 * one that does not exist); an installation-wide token finds the one line with the extension, or,
 * when several customers have it, the one of the customer named by {@code ?customer=<id or slug>},
 * and without one gets a 409 that says only that the extension is ambiguous.
 */
final class LinesByExtension {
    /** The query parameter every route that names a line by extension takes. */
    static final String CUSTOMER = "customer";
    static final Set<String> QUERY = Set.of(CUSTOMER);

    private LinesByExtension() {
    }

    static Line find(AdminContext ctx, Call c) {
        String extension = c.path("extension");
        Optional<String> named = c.query(CUSTOMER);
        if (c.actor().scoped()) {
            long own = c.actor().customerId();
            if (named.isPresent() && customer(ctx, named.get()).map(Customer::id).filter(id -> id == own).isEmpty()) {
                throw new NotFoundException("no line with extension " + extension);
            }
            return ctx.inventory().lines().byExtension(own, extension)
                    .orElseThrow(() -> new NotFoundException("no line with extension " + extension));
        }
        if (named.isPresent()) {
            Customer customer = customer(ctx, named.get())
                    .orElseThrow(() -> new NotFoundException("no customer '" + named.get() + "' (give its id or slug)"));
            return ctx.inventory().lines().byExtension(customer.id(), extension)
                    .orElseThrow(() -> new NotFoundException("customer " + customer.slug() + " has no line with extension " + extension));
        }
        List<Line> all = ctx.inventory().lines().allByExtension(extension);
        if (all.isEmpty()) {
            throw new NotFoundException("no line with extension " + extension);
        }
        if (all.size() > 1) {
            throw HttpStatusException.conflict("extension " + extension + " is ambiguous: several customers have it; "
                    + "name the customer with ?customer=<id or slug>");
        }
        return all.get(0);
    }

    /** A customer by id or slug. */
    static Optional<Customer> customer(AdminContext ctx, String idOrSlug) {
        if (idOrSlug.matches("[0-9]{1,18}")) {
            return ctx.inventory().customers().findById(Long.parseLong(idOrSlug));
        }
        return idOrSlug.length() > 40 ? Optional.empty() : ctx.inventory().customers().findBySlug(idOrSlug);
    }
}
