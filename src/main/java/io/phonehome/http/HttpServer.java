package io.phonehome.http;

import io.undertow.Undertow;
import io.undertow.connector.ByteBufferPool;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * One Phonehome HTTP(S) server: Undertow's worker and handlers, with listeners this class opens
 * itself, on that worker and with Undertow's options, so that it can put something under a
 * connection before Undertow's HTTP code sees it:
 * <ul>
 * <li>behind load balancers, a reader of the PROXY header ({@link ProxyProtocolListener});</li>
 * <li>on TLS, a sink that hands the engine one direct buffer per write ({@link OneDirectBufferSink}).</li>
 * </ul>
 * Undertow's builder opens listeners with neither hook, so it is given none.
 */
public final class HttpServer {
    /** A listener to open: "https" with its TLS context, or "http" with none. */
    record Port(String protocol, String bind, int port, SSLContext ssl) {
    }

    private final Undertow undertow;
    private final List<Port> ports;
    private final TrustedProxies proxies;
    private final HttpHandler handler;
    private final OptionMap serverOptions;
    private final OptionMap socketOptions;
    private final OptionMap sslOptions;
    private final List<AcceptingChannel<? extends StreamConnection>> channels = new ArrayList<>();
    private final Map<String, Integer> bound = new LinkedHashMap<>();

    HttpServer(Undertow undertow, List<Port> ports, TrustedProxies proxies, HttpHandler handler,
               OptionMap serverOptions, OptionMap socketOptions, OptionMap sslOptions) {
        this.undertow = undertow;
        this.ports = List.copyOf(ports);
        this.proxies = proxies;
        this.handler = handler;
        this.serverOptions = serverOptions;
        this.socketOptions = socketOptions;
        this.sslOptions = sslOptions;
    }

    public synchronized void start() {
        undertow.start();
        // the same buffers Undertow takes on a machine of this size: 16 KiB less the SSL overhead, direct
        ByteBufferPool buffers = new DefaultByteBufferPool(true, 16 * 1024 - 20, -1, 4);
        XnioWorker worker = undertow.getWorker();
        Xnio xnio = Xnio.getInstance(Undertow.class.getClassLoader());
        try {
            for (Port p : ports) {
                HttpOpenListener open = new HttpOpenListener(buffers, serverOptions);
                open.setRootHandler(handler);
                UndertowXnioSsl ssl = p.ssl() == null ? null
                        : new UndertowXnioSsl(xnio, OptionMap.create(org.xnio.Options.USE_DIRECT_BUFFERS, true), p.ssl());
                InetSocketAddress at = new InetSocketAddress(p.bind(), p.port());
                AcceptingChannel<? extends StreamConnection> channel;
                if (!proxies.isEmpty()) {
                    channel = worker.createStreamConnectionServer(at,
                            ChannelListeners.openListenerAdapter(new ProxyProtocolListener(proxies, open, ssl, sslOptions)), socketOptions);
                } else if (ssl != null) {
                    OptionMap tls = OptionMap.builder().addAll(socketOptions).addAll(sslOptions).getMap();
                    channel = ssl.createSslConnectionServer(worker, at, ChannelListeners.openListenerAdapter(oneDirectBuffer(open)), tls);
                } else {
                    channel = worker.createStreamConnectionServer(at, ChannelListeners.openListenerAdapter(open), socketOptions);
                }
                channel.resumeAccepts();
                channels.add(channel);
                bound.put(p.protocol(), channel.getLocalAddress(InetSocketAddress.class).getPort());
            }
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException("cannot open the listener: " + e.getMessage(), e);
        }
    }

    /** Puts {@link OneDirectBufferSink} on a TLS connection's sink before the HTTP code builds on it. */
    static ChannelListener<StreamConnection> oneDirectBuffer(ChannelListener<StreamConnection> next) {
        return connection -> {
            connection.getSinkChannel().setConduit(new OneDirectBufferSink(connection.getSinkChannel().getConduit()));
            next.handleEvent(connection);
        };
    }

    public synchronized void stop() {
        channels.forEach(IoUtils::safeClose);
        channels.clear();
        bound.clear();
        undertow.stop();
    }

    /** The port a started server listens on for "https" or "http", -1 if none. */
    public synchronized int port(String protocol) {
        return bound.getOrDefault(protocol, -1);
    }
}
