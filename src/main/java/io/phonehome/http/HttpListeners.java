package io.phonehome.http;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import java.net.InetSocketAddress;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.xnio.Options;
import org.xnio.Sequence;
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
    public static Undertow build(String bind, int httpsPort, int httpPort, SSLContext ssl, List<String> tlsProtocols,
                                 boolean askForCert, Limits limits, HttpHandler handler) {
        Undertow.Builder b = Undertow.builder()
                .setIoThreads(limits.ioThreads() > 0 ? limits.ioThreads() : Math.max(2, Runtime.getRuntime().availableProcessors()))
                .setWorkerThreads(limits.workerThreads())
                // Undertow's own hard limit sits above ours so that our handler can answer 431 itself.
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, limits.maxHeaderBytes() * 4)
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, limits.maxBodyBytes())
                .setServerOption(UndertowOptions.MAX_HEADERS, 100)
                .setServerOption(UndertowOptions.MAX_PARAMETERS, 100)
                .setServerOption(UndertowOptions.IDLE_TIMEOUT, IDLE_TIMEOUT_MILLIS)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, REQUEST_PARSE_TIMEOUT_MILLIS)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, IDLE_TIMEOUT_MILLIS)
                .setServerOption(UndertowOptions.ALWAYS_SET_DATE, true)
                .setServerOption(UndertowOptions.ENABLE_HTTP2, false)
                .setServerOption(UndertowOptions.ALLOW_UNESCAPED_CHARACTERS_IN_URL, false)
                .setServerOption(UndertowOptions.DECODE_URL, false)
                .setSocketOption(Options.BACKLOG, 4096)
                .setSocketOption(Options.SSL_ENABLED_PROTOCOLS, Sequence.of(tlsProtocols))
                .setSocketOption(Options.SSL_CLIENT_AUTH_MODE, askForCert ? SslClientAuthMode.REQUESTED : SslClientAuthMode.NOT_REQUESTED)
                .setHandler(handler);
        if (httpsPort >= 0) {
            b.addHttpsListener(httpsPort, bind, ssl);
        }
        if (httpPort >= 0) {
            b.addHttpListener(httpPort, bind);
        }
        return b.build();
    }

    /** The port a started server actually listens on for the given protocol ("https"/"http"), -1 if none. */
    public static int boundPort(Undertow server, String protocol) {
        for (Undertow.ListenerInfo info : server.getListenerInfo()) {
            if (info.getProtcol().equals(protocol) && info.getAddress() instanceof InetSocketAddress a) {
                return a.getPort();
            }
        }
        return -1;
    }
}
