package io.phonehome.http;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.SslClientAuthMode;

/**
 * Builds Undertow servers with Phonehome's limits in one place: header and body size, timeouts,
 * TLS protocols, and whether phones are asked for a client certificate.
 */
public final class HttpListeners {
    /** Idle keep-alive connections are closed after this long (phones fetch a few files, then go). */
    public static final int IDLE_TIMEOUT_MILLIS = 30_000;
    /** A client that does not finish its request headers in this time is dropped (slowloris). */
    public static final int REQUEST_PARSE_TIMEOUT_MILLIS = 10_000;

    private HttpListeners() {
    }

    /** Listener options shared by every Phonehome HTTP(S) server. */
    public record Limits(int maxHeaderBytes, long maxBodyBytes, int ioThreads, int workerThreads) {
    }

    /**
     * @param httpsPort   0 for any free port
     * @param httpPort    -1 for no plain HTTP listener, 0 for any free port
     * @param askForCert  request (never require) a client certificate on HTTPS
     */
    public static HttpServer build(String bind, int httpsPort, int httpPort, SSLContext ssl, List<String> tlsProtocols,
                                   boolean askForCert, Limits limits, HttpHandler handler) {
        return build(bind, httpsPort, httpPort, ssl, tlsProtocols, askForCert, limits, TrustedProxies.NONE, handler);
    }

    /**
     * @param proxies the load balancers whose PROXY headers are taken ({@code trusted_proxies});
     *                when there are any, the listeners read a header first ({@link ProxyProtocolListener})
     */
    public static HttpServer build(String bind, int httpsPort, int httpPort, SSLContext ssl, List<String> tlsProtocols,
                                   boolean askForCert, Limits limits, TrustedProxies proxies, HttpHandler handler) {
        OptionMap serverOptions = OptionMap.builder()
                // Undertow's own hard limit sits above ours so that our handler can answer 431 itself.
                .set(UndertowOptions.MAX_HEADER_SIZE, limits.maxHeaderBytes() * 4)
                .set(UndertowOptions.MAX_ENTITY_SIZE, limits.maxBodyBytes())
                .set(UndertowOptions.MAX_HEADERS, 100)
                .set(UndertowOptions.MAX_PARAMETERS, 100)
                .set(UndertowOptions.IDLE_TIMEOUT, IDLE_TIMEOUT_MILLIS)
                .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, REQUEST_PARSE_TIMEOUT_MILLIS)
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, IDLE_TIMEOUT_MILLIS)
                .set(UndertowOptions.ALWAYS_SET_DATE, true)
                .set(UndertowOptions.ENABLE_HTTP2, false)
                .set(UndertowOptions.ALLOW_UNESCAPED_CHARACTERS_IN_URL, false)
                .set(UndertowOptions.DECODE_URL, false)
                .getMap();
        OptionMap sslOptions = OptionMap.builder()
                .setSequence(Options.SSL_ENABLED_PROTOCOLS, tlsProtocols.toArray(String[]::new))
                .set(Options.SSL_CLIENT_AUTH_MODE, askForCert ? SslClientAuthMode.REQUESTED : SslClientAuthMode.NOT_REQUESTED)
                .getMap();
        // Undertow supplies the worker (I/O and worker threads); HttpServer opens the listeners on it
        Undertow undertow = Undertow.builder()
                .setIoThreads(limits.ioThreads() > 0 ? limits.ioThreads() : Math.max(2, Runtime.getRuntime().availableProcessors()))
                .setWorkerThreads(limits.workerThreads())
                .build();
        List<HttpServer.Port> ports = new ArrayList<>();
        if (httpsPort >= 0) {
            ports.add(new HttpServer.Port("https", bind, httpsPort, ssl));
        }
        if (httpPort >= 0) {
            ports.add(new HttpServer.Port("http", bind, httpPort, null));
        }
        // what Undertow's own listeners get (Undertow.start), with a longer accept backlog for storms
        OptionMap socketOptions = OptionMap.builder()
                .set(Options.BACKLOG, 4096)
                .set(Options.TCP_NODELAY, true)
                .set(Options.REUSE_ADDRESSES, true)
                .set(Options.BALANCING_TOKENS, 1)
                .set(Options.BALANCING_CONNECTIONS, 2)
                .getMap();
        OptionMap pipelined = OptionMap.builder().set(UndertowOptions.BUFFER_PIPELINED_DATA, true).addAll(serverOptions).getMap();
        return new HttpServer(undertow, ports, proxies, handler, pipelined, socketOptions, sslOptions);
    }

    /** The port a started server actually listens on for the given protocol ("https"/"http"), -1 if none. */
    public static int boundPort(HttpServer server, String protocol) {
        return server.port(protocol);
    }
}
