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
import org.xnio.channels.AcceptingChannel;

/**
 * One Phonehome HTTP(S) server: an Undertow server, plus, when listeners sit behind a load
 * balancer, the listeners that read a PROXY header first ({@link ProxyProtocolListener}). Undertow
 * builds those itself only for headers from anyone; these are opened on Undertow's own worker,
 * with its options, so the handlers cannot tell the difference except for the peer address.
 */
public final class HttpServer {
    /** A listener opened by this class rather than by Undertow. */
    record ProxiedPort(String protocol, String bind, int port, SSLContext ssl) {
    }

    private final Undertow undertow;
    private final List<ProxiedPort> proxiedPorts;
    private final TrustedProxies proxies;
    private final HttpHandler handler;
    private final OptionMap serverOptions;
    private final OptionMap socketOptions;
    private final OptionMap sslOptions;
    private final List<AcceptingChannel<StreamConnection>> channels = new ArrayList<>();
    private final Map<String, Integer> proxiedBound = new LinkedHashMap<>();

    HttpServer(Undertow undertow, List<ProxiedPort> proxiedPorts, TrustedProxies proxies, HttpHandler handler,
               OptionMap serverOptions, OptionMap socketOptions, OptionMap sslOptions) {
        this.undertow = undertow;
        this.proxiedPorts = List.copyOf(proxiedPorts);
        this.proxies = proxies;
        this.handler = handler;
        this.serverOptions = serverOptions;
        this.socketOptions = socketOptions;
        this.sslOptions = sslOptions;
    }

    public synchronized void start() {
        undertow.start();
        if (proxiedPorts.isEmpty()) {
            return;
        }
        // the same buffers Undertow takes on a machine of this size: 16 KiB less the SSL overhead, direct
        ByteBufferPool buffers = new DefaultByteBufferPool(true, 16 * 1024 - 20, -1, 4);
        try {
            for (ProxiedPort p : proxiedPorts) {
                HttpOpenListener open = new HttpOpenListener(buffers, serverOptions);
                open.setRootHandler(handler);
                UndertowXnioSsl ssl = p.ssl() == null ? null
                        : new UndertowXnioSsl(Xnio.getInstance(Undertow.class.getClassLoader()), OptionMap.create(org.xnio.Options.USE_DIRECT_BUFFERS, true), p.ssl());
                ChannelListener<AcceptingChannel<StreamConnection>> accept = ChannelListeners.openListenerAdapter(
                        new ProxyProtocolListener(proxies, open, ssl, sslOptions));
                AcceptingChannel<StreamConnection> channel = undertow.getWorker().createStreamConnectionServer(
                        new InetSocketAddress(p.bind(), p.port()), accept, socketOptions);
                channel.resumeAccepts();
                channels.add(channel);
                proxiedBound.put(p.protocol(), channel.getLocalAddress(InetSocketAddress.class).getPort());
            }
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException("cannot open a listener behind the proxy: " + e.getMessage(), e);
        }
    }

    public synchronized void stop() {
        channels.forEach(IoUtils::safeClose);
        channels.clear();
        proxiedBound.clear();
        undertow.stop();
    }

    /** The port a started server listens on for "https" or "http", -1 if none. */
    public synchronized int port(String protocol) {
        Integer proxied = proxiedBound.get(protocol);
        if (proxied != null) {
            return proxied;
        }
        for (Undertow.ListenerInfo info : undertow.getListenerInfo()) {
            if (info.getProtcol().equals(protocol) && info.getAddress() instanceof InetSocketAddress a) {
                return a.getPort();
            }
        }
        return -1;
    }
}
