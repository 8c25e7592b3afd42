package io.phonehome.provisioning;

import io.phonehome.inventory.Device;
import io.phonehome.phones.ConfigFiles;
import io.phonehome.phones.FetchRequest;
import io.phonehome.phones.Identification;
import java.net.InetAddress;
import java.util.Set;

/**
 * One phone request as {@link PhoneFiles} sees it: what the listener read from the exchange, and
 * what the resolver has found out about it so far. The resolver identifies a request once and
 * keeps the identification here, so a request that goes from the I/O thread to a worker is not
 * identified again. Only the thread that currently serves the request touches it (the dispatch
 * to a worker hands it over).
 */
public class PhoneRequest {
    final FetchRequest fetch;
    final InetAddress sourceAddress;
    final String source;
    final ConfigFiles.Origin origin;
    final boolean secure;
    final String authorization;
    final String method;
    final String uri;
    /** Non-null for a preview: the request is taken as proved to come from this device, and has no side effects. */
    final Device provedDevice;

    /** Null until identified; then what the file name and User-Agent say (corrected by the inventory's vendor). */
    Identification id;
    boolean identified;
    private Set<String> certificateMacs;

    /**
     * @param fetch         the file name, the directory it was asked under, the User-Agent
     * @param sourceAddress the peer, null when unknown
     * @param origin        the base URL and host the phone used (what its files must name)
     * @param authorization the Authorization header, null without one
     * @param uri           the request URI as a digest response covers it
     */
    public PhoneRequest(FetchRequest fetch, InetAddress sourceAddress, ConfigFiles.Origin origin, boolean secure, String authorization,
                        String method, String uri) {
        this(fetch, sourceAddress, origin, secure, authorization, method, uri, null);
    }

    PhoneRequest(FetchRequest fetch, InetAddress sourceAddress, ConfigFiles.Origin origin, boolean secure, String authorization,
                 String method, String uri, Device provedDevice) {
        this.fetch = fetch;
        this.sourceAddress = sourceAddress;
        this.source = sourceAddress == null ? "unknown" : sourceAddress.getHostAddress();
        this.origin = origin;
        this.secure = secure;
        this.authorization = authorization;
        this.method = method;
        this.uri = uri;
        this.provedDevice = provedDevice;
    }

    /** A request from a phone, whose decisions are recorded, logged and counted (not a preview). */
    boolean fromPhone() {
        return provedDevice == null;
    }

    String fileName() {
        return fetch.fileName();
    }

    /**
     * The MACs the TLS client certificate proves, read once per request and only when a rule
     * asks (reading an absent certificate costs an exception).
     */
    final Set<String> certificateMacs() {
        if (certificateMacs == null) {
            certificateMacs = secure ? peerCertificateMacs() : Set.of();
        }
        return certificateMacs;
    }

    /** Overridden by the listener, which has the TLS session; empty here. */
    protected Set<String> peerCertificateMacs() {
        return Set.of();
    }
}
