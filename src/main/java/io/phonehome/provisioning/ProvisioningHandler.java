package io.phonehome.provisioning;

import io.phonehome.events.SecurityLog;
import io.phonehome.http.HttpStatusException;
import io.phonehome.http.RequestPaths;
import io.phonehome.metrics.Metrics;
import io.phonehome.phones.ConfigFiles;
import io.phonehome.phones.FetchRequest;
import io.phonehome.phones.PhoneAnswer;
import io.phonehome.pki.ClientCertificates;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.SSLSessionInfo;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The phone listener's handler: reads a {@code GET /<file>} into a {@link PhoneRequest}, asks
 * {@link PhoneFiles} for the answer and writes it ({@link PhoneAnswers}). What the phone gets is
 * decided by the resolver alone.
 *
 * <p>On an I/O thread it first asks whether the answer can come from memory (a boot storm's
 * requests then cost no hand-off between threads); when it cannot, the request, identified once,
 * travels to a worker as an exchange attachment and is answered there.
 *
 * <p>Every answer that is not an authorised per-MAC file is charged to its source's
 * {@link RequestBudget}; a source that has used it up is answered 429 before anything else.
 */
public final class ProvisioningHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(ProvisioningHandler.class);
    private static final Pattern HOST_HEADER = Pattern.compile("([A-Za-z0-9.\\-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}])(:[0-9]{1,5})?");
    private static final AttachmentKey<PhoneRequest> REQUEST = AttachmentKey.create(PhoneRequest.class);

    /** The vendor label of a request no plug-in identified. */
    private static final String UNIDENTIFIED = "unknown";
    private final Metrics metrics;
    private final PhoneFiles files;
    private final SecurityLog security;
    private final ClientCertificates clientCertificates;
    private final String publicHost;
    private final int maxHeaderBytes;
    private final RequestBudget budget;

    public ProvisioningHandler(PhoneFiles files, SecurityLog security, ClientCertificates clientCertificates, String publicHost,
                               int maxHeaderBytes, RequestBudget budget) {
        this(files, security, clientCertificates, publicHost, maxHeaderBytes, budget, Metrics.NONE);
    }

    /** When the last "database does not answer" line was logged (nanoTime). */
    private final java.util.concurrent.atomic.AtomicLong lastUnavailableLog = new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - 20_000_000_000L);

    /** @param metrics told of every answer (vendor, result) */
    public ProvisioningHandler(PhoneFiles files, SecurityLog security, ClientCertificates clientCertificates, String publicHost,
                               int maxHeaderBytes, RequestBudget budget, Metrics metrics) {
        this.metrics = metrics;
        this.files = files;
        this.security = security;
        this.clientCertificates = clientCertificates;
        this.publicHost = publicHost == null || publicHost.isBlank() ? null : publicHost;
        this.maxHeaderBytes = maxHeaderBytes;
        this.budget = budget;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        InetSocketAddress peer = exchange.getSourceAddress();
        InetAddress from = peer == null ? null : peer.getAddress();
        long wait = budget.retryAfterSeconds(from);
        if (wait > 0) {
            PhoneAnswers.write(exchange, new PhoneAnswer.TooManyRequests(wait, "too many requests from this address; try again later"));
            metrics.phoneAnswer(UNIDENTIFIED, "too_many_requests");
            return;
        }
        PhoneAnswer answer;
        PhoneRequest request = null;
        try {
            request = exchange.getAttachment(REQUEST);
            if (request == null) {
                answer = refusal(exchange);
                if (answer == null) {
                    request = read(exchange, from);
                }
            } else {
                answer = null;
            }
            if (answer == null) {
                answer = exchange.isInIoThread() ? files.answerFromMemory(request) : files.answer(request);
                if (answer == PhoneAnswer.Pending.NEEDS_WORKER) {
                    exchange.putAttachment(REQUEST, request);
                    exchange.dispatch(this);
                    return;
                }
            }
        } catch (HttpStatusException e) {
            answer = new PhoneAnswer.Refused(e.status(), e.getMessage());
        } catch (RuntimeException e) {
            if (e instanceof io.phonehome.errors.Unavailable) {
                // one line per ten seconds at most: during an outage every phone's fetch ends here
                long now = System.nanoTime();
                long last = lastUnavailableLog.get();
                if (now - last > 10_000_000_000L && lastUnavailableLog.compareAndSet(last, now)) {
                    log.warn("provisioning requests answered 503 while the database does not answer: {}", e.getMessage());
                }
                PhoneAnswers.unavailable(exchange);
                metrics.phoneAnswer(vendorOf(request), "unavailable");
                return;
            }
            log.error("provisioning request {} failed", exchange.getRequestPath(), e);
            PhoneAnswers.internalError(exchange);
            metrics.phoneAnswer(vendorOf(request), "error");
            return;
        }
        PhoneAnswers.write(exchange, answer);
        metrics.phoneAnswer(vendorOf(request), resultOf(answer));
        settle(from, answer instanceof PhoneAnswer.Serve s && s.secret());
    }

    private static String vendorOf(PhoneRequest request) {
        return request != null && request.id != null ? request.id.vendor() : UNIDENTIFIED;
    }

    /** The answer's kind as a metric label (a small fixed set). */
    static String resultOf(PhoneAnswer answer) {
        if (answer instanceof PhoneAnswer.Serve) {
            return "served";
        } else if (answer instanceof PhoneAnswer.Challenge) {
            return "challenged";
        } else if (answer instanceof PhoneAnswer.NotFound) {
            return "not_found";
        } else if (answer instanceof PhoneAnswer.Refused r) {
            return "refused_" + r.status();
        } else if (answer instanceof PhoneAnswer.TooManyRequests) {
            return "too_many_requests";
        } else if (answer instanceof PhoneAnswer.RenderFailed) {
            return "render_failed";
        }
        return "other";
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

    /** The answer to a request this listener serves nothing for whatever it names, else null. */
    private PhoneAnswer refusal(HttpServerExchange ex) {
        if (!ex.getRequestMethod().equals(Methods.GET) && !ex.getRequestMethod().equals(Methods.HEAD)) {
            return new PhoneAnswer.Refused(405, "only GET and HEAD are served here");
        }
        if (headerBytes(ex) > maxHeaderBytes) {
            return new PhoneAnswer.Refused(431, "request headers are larger than " + maxHeaderBytes + " bytes");
        }
        return null;
    }

    /** The request as the resolver takes it; a path that is not plain segments is refused by {@link RequestPaths}. */
    private PhoneRequest read(HttpServerExchange ex, InetAddress from) {
        List<String> segments = RequestPaths.segments(ex.getRequestPath());
        if (segments.isEmpty()) {
            throw HttpStatusException.notFound("no such file");
        }
        String fileName = segments.get(segments.size() - 1);
        String directory = String.join("/", segments.subList(0, segments.size() - 1));
        String host = ex.getRequestHeaders().getFirst(Headers.HOST);
        if (host == null || !HOST_HEADER.matcher(host).matches()) {
            InetSocketAddress local = ex.getDestinationAddress();
            host = (publicHost != null ? publicHost : local.getAddress().getHostAddress()) + ":" + local.getPort();
        }
        String baseUrl = ex.getRequestScheme() + "://" + host + "/" + (directory.isEmpty() ? "" : directory + "/");
        ConfigFiles.Origin origin = new ConfigFiles.Origin(baseUrl, publicHost != null ? publicHost : stripPort(host));
        String q = ex.getQueryString();
        String uri = ex.getRequestURI() + (q == null || q.isEmpty() ? "" : "?" + q);
        return new ExchangeRequest(new FetchRequest(fileName, directory, ex.getRequestHeaders().getFirst(Headers.USER_AGENT)), from, origin,
                ex.getRequestScheme().equals("https"), ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION), ex.getRequestMethod().toString(),
                uri, ex);
    }

    /** A request that can show its TLS client certificate when a rule asks for it. */
    private final class ExchangeRequest extends PhoneRequest {
        private final HttpServerExchange ex;

        ExchangeRequest(FetchRequest fetch, InetAddress source, ConfigFiles.Origin origin, boolean secure, String authorization, String method,
                        String uri, HttpServerExchange ex) {
            super(fetch, source, origin, secure, authorization, method, uri);
            this.ex = ex;
        }

        @Override
        protected Set<String> peerCertificateMacs() {
            SSLSessionInfo ssl = ex.getConnection().getSslSessionInfo();
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
    }

    private static String stripPort(String host) {
        if (host.startsWith("[")) {
            return host.substring(0, host.indexOf(']') + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon > 0 ? host.substring(0, colon) : host;
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
}
