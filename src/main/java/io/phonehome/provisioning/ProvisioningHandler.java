package io.phonehome.provisioning;

import io.phonehome.auth.ProbeLimiter;
import io.phonehome.events.Event;
import io.phonehome.events.EventLog;
import io.phonehome.events.EventTypes;
import io.phonehome.events.SecurityLog;
import io.phonehome.events.SourceTally;
import io.phonehome.http.HttpStatusException;
import io.phonehome.http.RequestPaths;
import io.phonehome.inventory.AuthMethod;
import io.phonehome.inventory.Device;
import io.phonehome.inventory.DeviceDirectory;
import io.phonehome.inventory.DeviceSnapshot;
import io.phonehome.inventory.Inventory;
import io.phonehome.inventory.Mac;
import io.phonehome.inventory.ModelInfo;
import io.phonehome.inventory.Redirect;
import io.phonehome.inventory.Site;
import io.phonehome.pki.ClientCertificates;
import io.phonehome.pki.Pem;
import io.phonehome.phones.ConfigFiles;
import io.phonehome.phones.FetchRequest;
import io.phonehome.phones.FileKind;
import io.phonehome.phones.Identification;
import io.phonehome.phones.RenderException;
import io.phonehome.phones.VendorRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.SSLSessionInfo;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The phone-facing handler: {@code GET /<file>} → identify vendor, model, MAC and firmware from
 * the path and User-Agent → look the device up → authorise per-MAC files → render through the
 * vendor's templates (cached by revision) → record the fetch off the hot path.
 *
 * <p>Errors phones see are short plain text; nothing that helps an attacker tell an unknown MAC
 * from a known one with wrong credentials (both get the same digest challenge). Without
 * credentials, a known, an unknown and a redirected MAC (one whose redirect carries credentials)
 * take the same path to the same challenge, answered from memory on the I/O thread: an unknown
 * MAC is only counted ({@link SourceTally}), never written per request.
 *
 * <p>Every answer that is not an authorised per-MAC fetch is charged to its source's
 * {@link RequestBudget}; a source that has used it up is answered 429 before anything else.
 */
public final class ProvisioningHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(ProvisioningHandler.class);
    private static final Pattern HOST_HEADER = Pattern.compile("([A-Za-z0-9.\\-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}])(:[0-9]{1,5})?");
    private static final HttpString RETRY_AFTER = new HttpString("Retry-After");

    private final VendorRegistry vendors;
    private final Inventory inventory;
    private final DeviceDirectory deviceDirectory;
    private final ConfigFiles files;
    private final DeviceAuthorizer authorizer;
    private final ProbeLimiter limiter;
    private final FetchRecorder recorder;
    private final EventLog events;
    private final SecurityLog security;
    private final ClientCertificates clientCertificates;
    private final byte[] caPem;
    private final byte[] caDer;
    private final String publicHost;
    private final int maxHeaderBytes;
    private final RequestBudget budget;
    private final SourceTally tally;
    private final RedirectCache redirects;

    public ProvisioningHandler(ConfigFiles files, Inventory inventory, DeviceDirectory deviceDirectory, DeviceAuthorizer authorizer, ProbeLimiter limiter,
                               FetchRecorder recorder, EventLog events, SecurityLog security, ClientCertificates clientCertificates,
                               X509Certificate ca, String publicHost, int maxHeaderBytes, RequestBudget budget, SourceTally tally) {
        this.vendors = files.vendors();
        this.inventory = inventory;
        this.deviceDirectory = deviceDirectory;
        this.files = files;
        this.authorizer = authorizer;
        this.limiter = limiter;
        this.recorder = recorder;
        this.events = events;
        this.security = security;
        this.clientCertificates = clientCertificates;
        this.caPem = Pem.encode(ca).getBytes(StandardCharsets.US_ASCII);
        try {
            this.caDer = ca.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("CA certificate cannot be encoded", e);
        }
        this.publicHost = publicHost == null || publicHost.isBlank() ? null : publicHost;
        this.maxHeaderBytes = maxHeaderBytes;
        this.budget = budget;
        this.tally = tally;
        this.redirects = new RedirectCache(inventory.jdbc(), inventory.redirects());
    }

    /**
     * Thrown on an I/O thread when serving needs something that may block (a database read, a
     * render, a log write); the request is then dispatched to a worker and served again from the
     * start. Nothing has been written or sent when it is thrown.
     */
    private static final class NeedsWorker extends RuntimeException {
        NeedsWorker() {
            super(null, null, false, false);
        }
    }

    private static final NeedsWorker NEEDS_WORKER = new NeedsWorker();

    /**
     * Serves on the I/O thread when everything the answer needs is in memory (the device
     * directory, the render cache): a boot storm's requests then cost no hand-off between
     * threads. Anything else goes to a worker thread.
     */
    @Override
    public void handleRequest(HttpServerExchange exchange) {
        InetSocketAddress peer = exchange.getSourceAddress();
        InetAddress from = peer == null ? null : peer.getAddress();
        long wait = budget.retryAfterSeconds(from);
        if (wait > 0) {
            exchange.getResponseHeaders().put(RETRY_AFTER, Long.toString(wait));
            sendText(exchange, 429, "too many requests from this address; try again later");
            return;
        }
        boolean authorised;
        try {
            authorised = serve(exchange, !exchange.isInIoThread());
        } catch (NeedsWorker e) {
            exchange.dispatch(this);
            return;
        } catch (HttpStatusException e) {
            sendText(exchange, e.status(), e.getMessage());
            authorised = false;
        } catch (RuntimeException e) {
            log.error("provisioning request {} failed", exchange.getRequestPath(), e);
            sendText(exchange, 500, "internal error");
            return;
        }
        settle(from, authorised);
    }

    /** Charges the answer to its source's budget, or gives some back for an authorised fetch. */
    private void settle(InetAddress from, boolean authorised) {
        if (authorised) {
            budget.credit(from);
        } else if (budget.charge(from)) {
            // Once per block, so the line costs nothing a flood could multiply.
            security.banned("provisioning", from == null ? "unknown" : from.getHostAddress(), "request_budget", budget.retryAfterSeconds(from));
        }
    }

    /** @return true when the answer was an authorised per-MAC file (the only kind that costs the source no budget) */
    private boolean serve(HttpServerExchange ex, boolean mayBlock) {
        if (!ex.getRequestMethod().equals(Methods.GET) && !ex.getRequestMethod().equals(Methods.HEAD)) {
            ex.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD");
            throw HttpStatusException.methodNotAllowed("only GET and HEAD are served here");
        }
        if (headerBytes(ex) > maxHeaderBytes) {
            throw new HttpStatusException(431, "request headers are larger than " + maxHeaderBytes + " bytes");
        }
        List<String> segments = RequestPaths.segments(ex.getRequestPath());
        if (segments.isEmpty()) {
            throw HttpStatusException.notFound("no such file");
        }
        String fileName = segments.get(segments.size() - 1);
        String directory = String.join("/", segments.subList(0, segments.size() - 1));
        if (fileName.equals("phonehome-ca.pem")) {
            send(ex, 200, "application/x-pem-file", caPem, null, false);
            return false;
        }
        if (fileName.equals("phonehome-ca.crt") || fileName.equals("phonehome-ca.der")) {
            send(ex, 200, "application/x-x509-ca-cert", caDer, null, false);
            return false;
        }
        String ua = ex.getRequestHeaders().getFirst(Headers.USER_AGENT);
        FetchRequest request = new FetchRequest(fileName, directory, ua);
        Identification id = vendors.identify(request).orElseThrow(() -> HttpStatusException.notFound("no such file"));
        Context c = new Context(ex, request, id, directory, mayBlock);
        if (id.macsDisagree()) {
            c.mayBlock();
            security.write("mac_mismatch", "provisioning", c.source, "mac", id.pathMac().hex(), "agent_mac", id.agentMac().hex(), "file", fileName);
            if (limiter.recordMiss(c.source)) {
                security.banned("provisioning", c.source, "too_many_failures", limiter.retryAfterSeconds(c.source));
            }
            tally.count(EventTypes.BAD_REQUEST, "mac_mismatch", c.source, id.pathMac().hex(), fileName);
            throw HttpStatusException.badRequest("the MAC in the User-Agent does not match the file name");
        }
        if (id.kind() == FileKind.COMMON) {
            serveCommon(c);
            return false;
        }
        return serveDevice(c);
    }

    /** Per-request facts computed once. */
    private final class Context {
        final HttpServerExchange ex;
        final FetchRequest request;
        Identification id;
        final String source;
        final InetAddress sourceAddress;
        final String baseUrl;
        final String serverHost;
        final boolean secure;
        final boolean mayBlock;

        Context(HttpServerExchange ex, FetchRequest request, Identification id, String directory, boolean mayBlock) {
            this.ex = ex;
            this.mayBlock = mayBlock;
            this.request = request;
            this.id = id;
            InetSocketAddress peer = ex.getSourceAddress();
            this.sourceAddress = peer == null ? null : peer.getAddress();
            this.source = sourceAddress == null ? "unknown" : sourceAddress.getHostAddress();
            this.secure = ex.getRequestScheme().equals("https");
            String host = ex.getRequestHeaders().getFirst(Headers.HOST);
            if (host == null || !HOST_HEADER.matcher(host).matches()) {
                InetSocketAddress local = ex.getDestinationAddress();
                host = (publicHost != null ? publicHost : local.getAddress().getHostAddress()) + ":" + local.getPort();
            }
            this.baseUrl = ex.getRequestScheme() + "://" + host + "/" + (directory.isEmpty() ? "" : directory + "/");
            this.serverHost = publicHost != null ? publicHost : stripPort(host);
        }

        ConfigFiles.Origin origin() {
            return new ConfigFiles.Origin(baseUrl, serverHost);
        }

        /** Call before anything that may block or has a side effect the I/O-thread pass must not do twice. */
        void mayBlock() {
            if (!mayBlock) {
                throw NEEDS_WORKER;
            }
        }

        /** The device and its site: from memory on the I/O thread, or from the directory (which may read). */
        Optional<DeviceSnapshot.Head> find(Mac mac) {
            if (mayBlock) {
                return deviceDirectory.find(mac);
            }
            Optional<DeviceSnapshot.Head> known = deviceDirectory.findInMemory(mac);
            if (known == null) {
                throw NEEDS_WORKER;
            }
            return known;
        }

        /** A rendered file from the cache on the I/O thread (a miss goes to a worker), else rendered when needed. */
        ConfigFiles.Rendered rendered(java.util.function.Supplier<ConfigFiles.Rendered> cachedOnly,
                                      java.util.function.Supplier<ConfigFiles.Rendered> rendering) {
            if (mayBlock) {
                return rendering.get();
            }
            ConfigFiles.Rendered hit = cachedOnly.get();
            if (hit == null) {
                throw NEEDS_WORKER;
            }
            return hit;
        }
    }

    private static String stripPort(String host) {
        if (host.startsWith("[")) {
            return host.substring(0, host.indexOf(']') + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon > 0 ? host.substring(0, colon) : host;
    }

    private void serveCommon(Context c) {
        Identification id = c.id;
        // Served alike whatever MAC the User-Agent names, redirected or not: a common file holds
        // nothing of any device or site (a redirected phone's redirect is decided on its per-MAC
        // file), and refusing it to redirected devices told anyone which MACs were redirected.
        Device agentDevice = id.agentMac() == null ? null : c.find(id.agentMac()).map(DeviceSnapshot.Head::device).orElse(null);
        ModelInfo model = null;
        if (id.model() != null) {
            model = inventory.models().find(id.vendor(), id.model())
                    .orElseThrow(() -> HttpStatusException.notFound("model not supported"));
        }
        Mac agentMac = id.agentMac();
        ConfigFiles.Rendered entry;
        ModelInfo m = model;
        try {
            entry = c.rendered(() -> files.cachedCommon(id, m, c.request.fileName(), c.origin(), agentMac),
                    () -> files.common(id, m, c.request.fileName(), c.origin(), agentMac));
        } catch (RenderException e) {
            renderFailed(c, null, e);
            return;
        }
        // Queued before the answer goes out (queueing costs nothing): whoever has seen the answer
        // can then rely on FetchRecorder.flush() to include this fetch.
        if (agentDevice != null) {
            recorder.record(new FetchRecorder.Fetch(Instant.now(), agentDevice, c.source, id.model(), id.firmware(),
                    c.request.fileName(), "ok", fetchDetail(c, "common"), served(c, entry)));
        }
        send(c.ex, 200, entry.contentType(), entry.body(), entry.etag(), false);
    }

    /** @return true when an authorised per-MAC file was served */
    private boolean serveDevice(Context c) {
        if (limiter.isBlocked(c.source)) {
            c.ex.getResponseHeaders().put(RETRY_AFTER, Long.toString(limiter.retryAfterSeconds(c.source)));
            throw new HttpStatusException(429, "too many failed attempts from this address; try again later");
        }
        Mac mac = c.id.mac();
        DeviceSnapshot.Head head = c.find(mac).orElse(null);
        Device device = head == null ? null : head.device();
        if (device != null && !device.vendor().equals(c.id.vendor())) {
            // The file name is shared between vendors (<mac>.cfg): the inventory knows better.
            Optional<Identification> as = vendors.identifyAs(device.vendor(), c.request);
            if (as.isEmpty() || as.get().kind() != FileKind.DEVICE) {
                throw HttpStatusException.notFound("no such file");
            }
            c.id = as.get();
        }
        // RPS redirection: a device assigned to another provisioning server gets
        // only its vendor's minimal redirect file, never anything of a site here.
        Optional<Redirect> redirect = redirectOf(c, device);
        if (redirect.isPresent()) {
            return serveRedirect(c, device, redirect.get());
        }
        Site site = head == null ? null : head.site();
        DeviceAuthorizer.Proof proof = new DeviceAuthorizer.Proof(c.sourceAddress, certificateMacs(c, site),
                c.ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION), c.ex.getRequestMethod().toString(), requestUri(c.ex), c.secure);
        if (proof.authorization() != null) {
            // Checking digest credentials uses up their nonce count: it must happen once, on the
            // thread that finishes the request.
            c.mayBlock();
        }
        Instant now = Instant.now();
        AuthOutcome outcome = authorizer.authorize(mac, device, site, proof, now);
        if (!outcome.granted()) {
            // A plain challenge is answered from memory whatever the MAC: known, unknown and
            // redirected MACs must take the same time. Anything else writes a log line.
            if (outcome != AuthOutcome.CHALLENGE) {
                c.mayBlock();
            }
            refuse(c, mac, device, device == null || site == null, outcome);
            return false;
        }
        if (outcome == AuthOutcome.GRANTED_DEVICE_CREDENTIALS && (device.provPasswordUsedAt() == null || device.ownCredentialsSince() == null)) {
            c.mayBlock();
            inventory.devices().markOwnCredentialsUsed(mac, now);
        } else if (outcome == AuthOutcome.GRANTED_CLIENT_CERT && device.ownCredentialsSince() == null) {
            c.mayBlock();
            inventory.devices().markClientCertificateUsed(mac, now);
        }
        Identification id = c.id;
        ConfigFiles.Rendered entry;
        try {
            entry = c.rendered(() -> files.cachedDevice(id, id.template(), device, site, c.request.fileName(), c.origin(), Map.of()),
                    () -> files.device(id, id.template(), device, site, c.request.fileName(), c.origin(), Map.of()));
        } catch (RenderException e) {
            renderFailed(c, device, e);
            return false;
        }
        recorder.record(new FetchRecorder.Fetch(now, device, c.source, id.model(), id.firmware(),
                c.request.fileName(), "ok", fetchDetail(c, outcome.label()), served(c, entry)));
        send(c.ex, 200, entry.contentType(), entry.body(), entry.etag(), true);
        return true;
    }

    /** The served bytes as the recorder keeps them (for the admin preview's diff). */
    private static FetchRecorder.Served served(Context c, ConfigFiles.Rendered entry) {
        return new FetchRecorder.Served(entry.body(), entry.etag(), c.baseUrl, c.serverHost);
    }

    // --- RPS redirection ---------------------------------------------------------------------

    /** Only a device without a site can be redirected, so the common case costs no lookup at all. */
    private Optional<Redirect> redirectOf(Context c, Device device) {
        if (device == null || device.siteId() != null) {
            return Optional.empty();
        }
        Optional<io.phonehome.inventory.Redirect> known = redirects.cached(device.id());
        if (known != null) {
            return known;
        }
        c.mayBlock();
        return redirects.load(device.id());
    }

    /**
     * Serves the vendor's redirect form of the requested file. Without credentials for the other
     * server it is served to whoever asks (it says no more than DHCP option 66 would); with
     * credentials it needs the proof {@link DeviceAuthorizer#authorizeRedirect} describes.
     */
    private boolean serveRedirect(Context c, Device device, Redirect target) {
        Mac mac = device.mac();
        Instant now = Instant.now();
        String how = "none";
        if (target.hasCredentials()) {
            DeviceAuthorizer.Proof proof = new DeviceAuthorizer.Proof(c.sourceAddress, c.secure ? peerCertificateMacs(c) : Set.of(),
                    c.ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION), c.ex.getRequestMethod().toString(), requestUri(c.ex), c.secure);
            if (proof.authorization() != null) {
                c.mayBlock();   // checking credentials uses up a nonce count: once, on the finishing thread
            }
            AuthOutcome outcome = authorizer.authorizeRedirect(mac, device, proof);
            if (!outcome.granted()) {
                if (outcome != AuthOutcome.CHALLENGE) {
                    c.mayBlock();
                }
                refuse(c, mac, device, false, outcome);
                return false;
            }
            how = outcome.label();
        }
        c.mayBlock();   // the redirect file is rendered each time
        Optional<ConfigFiles.Rendered> entry;
        try {
            entry = files.redirect(c.id, device, target, c.request.fileName(), c.origin());
        } catch (RenderException e) {
            renderFailed(c, device, e);
            return false;
        }
        if (entry.isEmpty()) {
            throw HttpStatusException.notFound("no such file");
        }
        String host = java.net.URI.create(target.url()).getHost();
        recorder.record(new FetchRecorder.Fetch(now, device, c.source, c.id.model(), c.id.firmware(), c.request.fileName(),
                "redirected", fetchDetail(c, how) + " redirect=" + host, served(c, entry.get())));
        send(c.ex, 200, entry.get().contentType(), entry.get().body(), entry.get().etag(), target.hasCredentials());
        // A redirect given without proof is an unauthenticated answer like a common file.
        return target.hasCredentials();
    }

    // --- end of RPS redirection -------------------------------------------------------------

    private String fetchDetail(Context c, String how) {
        return "file=" + c.request.fileName() + " auth=" + how + (c.id.firmware() == null ? "" : " firmware=" + c.id.firmware())
                + (c.id.model() == null ? "" : " model=" + c.id.model());
    }

    /**
     * @param unknown the MAC cannot be served here (not in the inventory, or without a site).
     *                Its requests are counted per source and interval, not written one by one:
     *                anyone can send them, as fast as they like.
     */
    private void refuse(Context c, Mac mac, Device device, boolean unknown, AuthOutcome outcome) {
        if (outcome == AuthOutcome.DENIED) {
            String reason = unknown ? "unknown_mac" : "bad_credentials";
            security.write("auth_failure", "provisioning", c.source, "mac", mac.hex(), "file", c.request.fileName(), "reason", reason);
            if (unknown) {
                tally.count(EventTypes.UNKNOWN_MAC, reason, c.source, mac.hex(), c.request.fileName());
            } else {
                events.record(Event.of(EventTypes.AUTH_FAILURE, reason, mac.hex(), device == null ? null : device.siteId(), c.source,
                        "file " + c.request.fileName()));
            }
            if (limiter.recordMiss(c.source)) {
                security.banned("provisioning", c.source, "too_many_failures", limiter.retryAfterSeconds(c.source));
            }
        } else if (unknown && outcome == AuthOutcome.CHALLENGE) {
            tally.count(EventTypes.UNKNOWN_MAC, "challenged", c.source, mac.hex(), c.request.fileName());
        }
        c.ex.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, authorizer.challenge(outcome == AuthOutcome.STALE));
        sendText(c.ex, 401, "authentication required");
    }

    private Set<String> certificateMacs(Context c, Site site) {
        if (site == null || !site.authMethods().contains(AuthMethod.CLIENT_CERT) || !c.secure) {
            return Set.of();
        }
        return peerCertificateMacs(c);
    }

    /** The MACs the TLS client certificate proves (empty without one). */
    private Set<String> peerCertificateMacs(Context c) {
        SSLSessionInfo ssl = c.ex.getConnection().getSslSessionInfo();
        if (ssl == null) {
            return Set.of();
        }
        try {
            Certificate[] certs = ssl.getPeerCertificates();
            X509Certificate[] chain = new X509Certificate[certs.length];
            for (int i = 0; i < certs.length; i++) {
                chain[i] = (X509Certificate) certs[i];
            }
            return clientCertificates.provenMacs(chain);
        } catch (Exception e) {
            // no certificate presented (SSLPeerUnverifiedException) or renegotiation needed: no proof
            return Set.of();
        }
    }

    private void renderFailed(Context c, Device device, RenderException e) {
        log.error("cannot render {} for {}: {}", c.request.fileName(), c.id.mac() == null ? c.id.model() : c.id.mac(), e.getMessage());
        events.record(Event.of(EventTypes.RENDER_ERROR, "error", c.id.mac() == null ? null : c.id.mac().hex(),
                device == null ? null : device.siteId(), c.source, "file " + c.request.fileName() + ": " + e.getMessage()));
        sendText(c.ex, 500, "the configuration could not be generated; the error is in the server log");
    }

    private static String requestUri(HttpServerExchange ex) {
        String q = ex.getQueryString();
        return ex.getRequestURI() + (q == null || q.isEmpty() ? "" : "?" + q);
    }

    private static long headerBytes(HttpServerExchange ex) {
        long n = ex.getRequestURI().length() + (ex.getQueryString() == null ? 0 : ex.getQueryString().length());
        for (HeaderValues hv : ex.getRequestHeaders()) {
            for (String v : hv) {
                n += hv.getHeaderName().length() + 2 + v.length() + 2;
            }
        }
        return n;
    }

    private static void send(HttpServerExchange ex, int status, String contentType, byte[] body, String etag, boolean secret) {
        if (etag != null) {
            ex.getResponseHeaders().put(Headers.ETAG, etag);
            String inm = ex.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH);
            if (etag.equals(inm)) {
                ex.setStatusCode(304);
                ex.endExchange();
                return;
            }
        }
        ex.setStatusCode(status);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, secret ? "no-store" : "no-cache");
        ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
        if (ex.getRequestMethod().equals(Methods.HEAD)) {
            ex.endExchange();
            return;
        }
        ex.getResponseSender().send(ByteBuffer.wrap(body));
    }

    private static void sendText(HttpServerExchange ex, int status, String message) {
        if (ex.isResponseStarted()) {
            ex.endExchange();
            return;
        }
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        ex.setStatusCode(status);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
        ex.getResponseSender().send(ByteBuffer.wrap(body));
    }
}
