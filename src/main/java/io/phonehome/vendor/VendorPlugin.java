package io.phonehome.vendor;

import java.util.Map;
import java.util.Optional;

/**
 * The contract between the provisioning core and one phone vendor. A plug-in knows its vendor's
 * file names, User-Agent format and configuration syntax; the core knows the inventory, the
 * security rules and the HTTP side. Plug-ins never import each other.
 *
 * <p>Life cycle: one instance per process, created at start; every method may be called from
 * many threads at once and must be free of side effects (no I/O, no inventory access, no
 * logging of request data).
 */
public interface VendorPlugin {

    /** Stable lower-case id, e.g. {@code yealink}; also the template directory {@code templates/<id>/}. */
    String id();

    /**
     * Called for every fetch, with every plug-in, on the hot path: recognise the request or
     * return empty when the file name is not one of this vendor's. May use the model catalog
     * given at construction; must not touch anything else.
     */
    Optional<Identification> identify(FetchRequest request);

    /**
     * Vendor-specific values for the templates, computed from the generic model just before a
     * render (time zone in the vendor's encoding, transport and SRTP codes, language names...).
     * The result is placed under {@code vendor} in the template data. Pure function of its input.
     */
    Map<String, Object> vendorValues(ConfigModel model);

    /**
     * The template that answers this per-device request when the device is assigned to another
     * provisioning server (the RPS role): a minimal file that only points the phone's provisioning
     * URL there. It sees the usual data plus {@code redirect.url} and, when set,
     * {@code redirect.username} / {@code redirect.password}. Empty when this file has no redirect
     * form; the phone then gets 404 and moves on to its next file. The model of a redirect file
     * has a device and its model but no site, time zone, lines or handsets
     * ({@link ConfigModelBuilder#forRedirect}), and {@link #vendorValues} is called with it too.
     */
    Optional<String> redirectTemplate(Identification id);
}
