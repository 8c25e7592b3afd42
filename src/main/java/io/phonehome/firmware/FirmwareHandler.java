package io.phonehome.firmware;

import io.phonehome.auth.ProbeLimiter;
import io.phonehome.events.Event;
import io.phonehome.events.EventLog;
import io.phonehome.events.EventTypes;
import io.phonehome.events.SecurityLog;
import io.phonehome.http.HttpStatusException;
import io.phonehome.http.PlainText;
import io.phonehome.http.RequestPaths;
import io.phonehome.inventory.Device;
import io.phonehome.inventory.Inventory;
import io.phonehome.inventory.Mac;
import io.phonehome.inventory.ModelInfo;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves firmware images on the provisioning listener, in front of the provisioning handler:
 * a request whose path ends in {@code firmware/<vendor>/<version>/[<token>/]<name>} is answered
 * here, anything else goes to {@code next} untouched.
 *
 * <p>Who may download: a device of the inventory, proven either by the download token its own
 * config put into the URL ({@link DownloadTokens}), or, for a URL without token, by its
 * User-Agent MAC together with a request from one of its site's trusted networks (when the site
 * accepts {@code network} proof). A DECT base fetching with its manager's URL (W90) is accepted
 * when its User-Agent names a device of the same site. The image must be for the downloading
 * device's vendor and model (a handset image for a DECT device): an image for the wrong model is
 * refused, never flashed. Refusals count as misses for the per-address probe limit.
 *
 * <p>How: single byte ranges (resumes) with {@code 206}, {@code 416} for a range beyond the end,
 * {@code ETag}/{@code If-None-Match} and {@code If-Range} on the content hash, {@code HEAD}; the
 * body is streamed from the file a pooled buffer at a time, never read whole into memory. Every
 * request ends in a {@code firmware_download} event with the bytes actually sent, and a
 * download of a device in a campaign becomes that device's download signal.
 */
public final class FirmwareHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(FirmwareHandler.class);
    private static final HttpString RETRY_AFTER = new HttpString("Retry-After");
    private static final HttpString IF_RANGE = new HttpString("If-Range");
    private static final String OCTETS = "application/octet-stream";

    private final HttpHandler next;
    private final FirmwareCatalog catalog;
    private final Inventory inventory;
    private final ProbeLimiter limiter;
    private final EventLog events;
    private final SecurityLog security;
    private final DownloadSignals signals;
    /** The site's trusted-network rule, as the provisioning resolver applies it to configuration fetches. */
    private final NetworkProof network;
    /** The MAC an HTTP User-Agent names, read by the phone plug-ins' own parsers (the ones config fetches go through). */
    private final Function<String, Optional<Mac>> agents;

    public FirmwareHandler(HttpHandler next, FirmwareCatalog catalog, Inventory inventory, ProbeLimiter limiter, EventLog events,
                           SecurityLog security, DownloadSignals signals, Function<String, Optional<Mac>> agents, NetworkProof network) {
        this.network = network;
        this.agents = agents;
        this.next = next;
        this.catalog = catalog;
        this.inventory = inventory;
        this.limiter = limiter;
        this.events = events;
        this.security = security;
        this.signals = signals;
    }

    /** The parts of a firmware URL. */
    record Target(String vendor, String version, String token, String name) {
    }

    /** The firmware part of a path, or empty when the path is not a firmware URL (or not a safe path at all). */
    static Optional<Target> parse(String rawPath) {
        if (rawPath == null || !rawPath.contains("/" + CatalogFirmwareResolver.PATH + "/")) {
            return Optional.empty();
        }
        List<String> s;
        try {
            s = RequestPaths.segments(rawPath);
        } catch (HttpStatusException e) {
            return Optional.empty(); // the next handler answers a bad path the way it always does
        }
        int n = s.size();
        if (n >= 5 && s.get(n - 5).equals(CatalogFirmwareResolver.PATH)) {
            return Optional.of(new Target(s.get(n - 4), s.get(n - 3), s.get(n - 2), s.get(n - 1)));
        }
        if (n >= 4 && s.get(n - 4).equals(CatalogFirmwareResolver.PATH)) {
            return Optional.of(new Target(s.get(n - 3), s.get(n - 2), null, s.get(n - 1)));
        }
        return Optional.empty();
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        Optional<Target> target = parse(ex.getRequestPath());
        if (target.isEmpty()) {
            next.handleRequest(ex);
            return;
        }
        if (ex.isInIoThread()) {
            ex.dispatch(this);
            return;
        }
        Download d = new Download(ex, target.get());
        try {
            serve(d);
        } catch (HttpStatusException e) {
            d.outcome = d.outcome == null ? "refused" : d.outcome;
            PlainText.send(ex, e.status(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("firmware request {} failed", ex.getRequestPath(), e);
            d.outcome = "error";
            PlainText.send(ex, 500, "internal error");
        }
    }

    /** Everything known about one request, completed as it goes; recorded as one event at the end. */
    private final class Download {
        final HttpServerExchange ex;
        final Target target;
        final String source;
        final InetAddress sourceAddress;
        FirmwareCatalog.Served served;
        Device device;
        String how;
        String outcome;
        ByteRangeRequest range;

        Download(HttpServerExchange ex, Target target) {
            this.ex = ex;
            this.target = target;
            InetSocketAddress peer = ex.getSourceAddress();
            this.sourceAddress = peer == null ? null : peer.getAddress();
            this.source = sourceAddress == null ? "unknown" : sourceAddress.getHostAddress();
        }
    }

    private void serve(Download d) {
        HttpServerExchange ex = d.ex;
        if (!ex.getRequestMethod().equals(Methods.GET) && !ex.getRequestMethod().equals(Methods.HEAD)) {
            ex.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD");
            throw HttpStatusException.methodNotAllowed("only GET and HEAD are served here");
        }
        if (limiter.isBlocked(d.source)) {
            ex.getResponseHeaders().put(RETRY_AFTER, Long.toString(limiter.retryAfterSeconds(d.source)));
            throw new HttpStatusException(429, "too many failed attempts from this address; try again later");
        }
        Target t = d.target;
        d.served = catalog.served(t.vendor(), t.version(), t.name()).orElse(null);
        if (d.served == null) {
            d.outcome = "not_found";
            record(d, 0);
            throw HttpStatusException.notFound("no such firmware image");
        }
        authorize(d);
        FirmwareImage img = d.served.image();
        String etag = img.etag();
        ex.getResponseHeaders().put(Headers.ETAG, etag);
        ex.getResponseHeaders().put(Headers.ACCEPT_RANGES, "bytes");
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
        if (matches(ex.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH), etag)) {
            d.outcome = "not_modified";
            ex.setStatusCode(304);
            record(d, 0);
            ex.endExchange();
            return;
        }
        String rangeHeader = ex.getRequestHeaders().getFirst(Headers.RANGE);
        String ifRange = ex.getRequestHeaders().getFirst(IF_RANGE);
        if (ifRange != null && !ifRange.trim().equals(etag)) {
            rangeHeader = null; // the client's partial copy is of another image: send it all
        }
        ByteRangeRequest range = ByteRangeRequest.parse(rangeHeader, img.size());
        d.range = range;
        if (range.kind() == ByteRangeRequest.Kind.UNSATISFIABLE) {
            d.outcome = "unsatisfiable";
            ex.getResponseHeaders().put(Headers.CONTENT_RANGE, "bytes */" + img.size());
            record(d, 0);
            throw new HttpStatusException(416, "the range is beyond the image's " + img.size() + " bytes");
        }
        ex.setStatusCode(range.kind() == ByteRangeRequest.Kind.PARTIAL ? 206 : 200);
        if (range.kind() == ByteRangeRequest.Kind.PARTIAL) {
            ex.getResponseHeaders().put(Headers.CONTENT_RANGE, range.contentRange(img.size()));
        }
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, OCTETS);
        ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, range.length());
        if (ex.getRequestMethod().equals(Methods.HEAD)) {
            d.outcome = "head";
            record(d, 0);
            ex.endExchange();
            return;
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(img.file(), StandardOpenOption.READ);
            channel.position(range.start());
        } catch (IOException e) {
            log.error("cannot open firmware image {}: {}", img.file(), e.getMessage());
            d.outcome = "error";
            record(d, 0);
            throw new HttpStatusException(500, "the image cannot be read");
        }
        signals.started(d.device.mac(), img.vendor(), img.version());
        long planned = range.length();
        ex.addExchangeCompleteListener((exchange, nextListener) -> {
            try {
                long sent = exchange.getResponseBytesSent();
                d.outcome = sent >= planned ? "ok" : "incomplete";
                record(d, sent);
                signals.ended(d.device.mac(), img.vendor(), img.version(), Math.min(sent, planned),
                        sent >= planned && range.end() == img.size() - 1);
            } finally {
                nextListener.proceed();
            }
        });
        new Streamer(ex, channel, planned).run();
    }

    /** Decides whether the requester may have the image; throws 403 (and counts a miss) when not. */
    private void authorize(Download d) {
        FirmwareImage img = d.served.image();
        Optional<Mac> agentMac = agents.apply(d.ex.getRequestHeaders().getFirst(Headers.USER_AGENT));
        Optional<DownloadTokens.Claim> claim = d.target.token() == null ? Optional.empty() : DownloadTokens.parse(d.target.token());
        Device agent = agentMac.flatMap(m -> inventory.devices().findByMac(m)).orElse(null);
        String refusal;
        if (d.target.token() != null) {
            Device owner = agent != null && claim.isPresent() && agent.mac().equals(claim.get().mac()) ? agent
                    : claim.flatMap(c -> inventory.devices().findByMac(c.mac())).orElse(null);
            if (claim.isEmpty() || owner == null || !DownloadTokens.valid(claim.get(), owner)) {
                refusal = "bad_token";
            } else if (agentMac.isEmpty() || agentMac.get().equals(owner.mac())) {
                d.device = owner;
                d.how = "token";
                refusal = null;
            } else if (agent != null && agent.siteId() != null && agent.siteId().equals(owner.siteId())) {
                d.device = agent; // a W90 base fetching with its DECT manager's URL
                d.how = "token_same_site";
                refusal = null;
            } else {
                refusal = "agent_mismatch";
            }
        } else if (agent == null) {
            refusal = agentMac.isPresent() ? "unknown_mac" : "no_proof";
        } else if (network.fromTrustedNetwork(agent, d.sourceAddress)) {
            d.device = agent;
            d.how = "network";
            refusal = null;
        } else {
            refusal = "no_proof";
        }
        if (refusal == null) {
            d.device = d.device == null ? agent : d.device;
            refusal = wrongDevice(img, d.device);
        }
        if (refusal != null) {
            d.outcome = refusal.equals("wrong_model") ? "wrong_model" : "denied";
            d.how = refusal;
            security.write("download_refused", "firmware", d.source, "mac", agentMac.map(Mac::hex).orElse(null), "image",
                    img.vendor() + "/" + img.version() + "/" + d.target.name(), "reason", refusal);
            if (limiter.recordMiss(d.source)) {
                security.banned("firmware", d.source, "too_many_failures", limiter.retryAfterSeconds(d.source));
            }
            record(d, 0);
            throw new HttpStatusException(403, refusal.equals("wrong_model")
                    ? "this image is not for this device's model" : "this firmware download is not authorised");
        }
    }

    /** Null when {@code device} may flash {@code image}, else the refusal reason. */
    private String wrongDevice(FirmwareImage image, Device device) {
        if (!device.vendor().equals(image.vendor())) {
            return "wrong_model";
        }
        if (image.kind() == ImageKind.DEVICE) {
            return image.isFor(device.model()) ? null : "wrong_model";
        }
        boolean dect = inventory.models().find(device.vendor(), device.model()).map(ModelInfo::isDect).orElse(false);
        return dect ? null : "wrong_model";
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.startsWith("W/")) {
                c = c.substring(2); // weak comparison, as If-None-Match asks (RFC 9110 13.1.2)
            }
            if (c.equals("*") || c.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private void record(Download d, long bytes) {
        FirmwareImage img = d.served == null ? null : d.served.image();
        StringBuilder detail = new StringBuilder();
        if (img != null) {
            detail.append("image=").append(img.id()).append(' ').append(img.vendor()).append(' ').append(d.served.model()).append(' ')
                    .append(img.version());
        } else {
            detail.append("path=").append(d.target.vendor()).append('/').append(d.target.version()).append('/').append(d.target.name());
        }
        if (d.range != null && img != null) {
            detail.append(" range=").append(d.range.start()).append('-').append(d.range.end()).append('/').append(img.size());
        }
        detail.append(" bytes_sent=").append(bytes);
        if (d.how != null) {
            detail.append(" auth=").append(d.how);
        }
        events.record(Event.of(EventTypes.FIRMWARE_DOWNLOAD, d.outcome == null ? "error" : d.outcome,
                d.device == null ? null : d.device.mac().hex(), d.device == null ? null : d.device.siteId(), d.source, detail.toString()));
    }

    /**
     * Copies the file to the response a few pooled buffers at a time; the next chunk is read when
     * the previous one has been written (the sender calls back), so memory per download is
     * {@link #BUFFERS} pooled buffers, whatever the image's size.
     */
    private static final class Streamer implements IoCallback, Runnable {
        /** Pooled buffers filled per write: fewer, larger writes cost less per byte over TLS. */
        static final int BUFFERS = 4;
        private final HttpServerExchange ex;
        private final FileChannel channel;
        private final Sender sender;
        private final PooledByteBuffer[] pooled = new PooledByteBuffer[BUFFERS];
        private final ByteBuffer[] buffers = new ByteBuffer[BUFFERS];
        private long remaining;

        Streamer(HttpServerExchange ex, FileChannel channel, long length) {
            this.ex = ex;
            this.channel = channel;
            this.sender = ex.getResponseSender();
            this.remaining = length;
        }

        @Override
        public void run() {
            try {
                if (pooled[0] == null) {
                    for (int i = 0; i < BUFFERS; i++) {
                        pooled[i] = ex.getConnection().getByteBufferPool().allocate();
                        buffers[i] = pooled[i].getBuffer();
                    }
                }
                if (remaining <= 0) {
                    finish();
                    sender.close(IoCallback.END_EXCHANGE);
                    return;
                }
                // One scattering read (a single readv) fills all the buffers; a read per buffer
                // made four system calls per 64 KiB instead of one.
                int used = 0;
                long wanted = 0;
                for (ByteBuffer buf : buffers) {
                    if (wanted >= remaining) {
                        break;
                    }
                    buf.clear();
                    if (buf.remaining() > remaining - wanted) {
                        buf.limit((int) (remaining - wanted));
                    }
                    wanted += buf.remaining();
                    used++;
                }
                long read = 0;
                while (read < wanted) {
                    long n = channel.read(buffers, 0, used);
                    if (n < 0) {
                        // the file got shorter under us: end here; the client sees a short body and retries
                        finish();
                        IoCallback.END_EXCHANGE.onException(ex, sender, new IOException("firmware image shorter than announced"));
                        return;
                    }
                    read += n;
                }
                for (int i = 0; i < used; i++) {
                    buffers[i].flip();
                }
                remaining -= read;
                sender.send(used == BUFFERS ? buffers : java.util.Arrays.copyOf(buffers, used), this);
            } catch (IOException e) {
                onException(ex, sender, e);
            }
        }

        @Override
        public void onComplete(HttpServerExchange exchange, Sender sender) {
            run();
        }

        @Override
        public void onException(HttpServerExchange exchange, Sender sender, IOException exception) {
            finish();
            IoCallback.END_EXCHANGE.onException(exchange, sender, exception);
        }

        private void finish() {
            for (int i = 0; i < BUFFERS; i++) {
                if (pooled[i] != null) {
                    pooled[i].close();
                    pooled[i] = null;
                }
            }
            try {
                channel.close();
            } catch (IOException e) {
                // read-only channel: nothing was lost
            }
        }
    }
}
