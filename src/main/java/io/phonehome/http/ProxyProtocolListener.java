package io.phonehome.http;

import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.server.OpenListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Buffers;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.PushBackStreamSourceConduit;

/**
 * The accept side of a listener behind a load balancer in TCP mode: reads the PROXY header (before
 * TLS, which Phonehome terminates itself) and hands the connection on with the phone's address.
 *
 * <p>The rule: a connection from a {@linkplain TrustedProxies trusted proxy} must start with a
 * valid header (v1 or v2), or it is closed; the proxy's own health checks send a LOCAL header and
 * keep the proxy's address. A connection from any other address is served as it is (an operator
 * may still reach one node directly), unless it starts with a PROXY header: that is someone
 * claiming another address, and the connection is closed. Closed, never answered: no status can
 * be written before the header is understood, and garbage never reaches a handler (no 500).
 */
final class ProxyProtocolListener implements ChannelListener<StreamConnection> {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyProtocolListener.class);
    /** A peer that has not sent its header (or its first bytes) in this time is dropped. */
    static final long HEADER_TIMEOUT_MILLIS = HttpListeners.REQUEST_PARSE_TIMEOUT_MILLIS;

    private final TrustedProxies proxies;
    private final OpenListener next;
    /** {@link #next} with the TLS sink put under the connection first. */
    private final ChannelListener<StreamConnection> nextOverTls;
    private final UndertowXnioSsl ssl;
    private final OptionMap sslOptions;

    /** @param ssl null for a plain HTTP listener */
    ProxyProtocolListener(TrustedProxies proxies, OpenListener next, UndertowXnioSsl ssl, OptionMap sslOptions) {
        this.proxies = proxies;
        this.next = next;
        this.nextOverTls = HttpServer.oneDirectBuffer(next);
        this.ssl = ssl;
        this.sslOptions = sslOptions;
    }

    @Override
    public void handleEvent(StreamConnection connection) {
        InetSocketAddress peer = connection.getPeerAddress(InetSocketAddress.class);
        boolean fromProxy = peer != null && proxies.trusts(peer.getAddress());
        HeaderReader reader = new HeaderReader(connection, fromProxy);
        reader.timeout = connection.getIoThread().executeAfter(reader::expire, HEADER_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        connection.getSourceChannel().getReadSetter().set(reader);
        connection.getSourceChannel().resumeReads();
    }

    /** Reads one connection's first bytes until the rule above decides. */
    private final class HeaderReader implements ChannelListener<StreamSourceChannel> {
        private final StreamConnection connection;
        private final boolean fromProxy;
        private final byte[] seen = new byte[ProxyHeader.V2_MAX];
        private int length;
        private volatile boolean decided;
        XnioExecutor.Key timeout;

        HeaderReader(StreamConnection connection, boolean fromProxy) {
            this.connection = connection;
            this.fromProxy = fromProxy;
        }

        void expire() {
            if (!decided) {
                refuse("no PROXY header or request within " + HEADER_TIMEOUT_MILLIS + " ms");
            }
        }

        @Override
        public void handleEvent(StreamSourceChannel channel) {
            try {
                while (!decided) {
                    // byte by byte up to the header's end would be slow; read what is there, give back the rest
                    ByteBuffer into = ByteBuffer.wrap(seen, length, seen.length - length);
                    int n = channel.read(into);
                    if (n == -1) {
                        refuse("closed before its header");
                        return;
                    }
                    if (n == 0) {
                        return; // wait for the next read event
                    }
                    length += n;
                    decide();
                    if (!decided && length == seen.length) {
                        refuse("header longer than " + seen.length + " bytes");
                    }
                }
            } catch (IOException e) {
                refuse("read failed: " + e.getMessage());
            }
        }

        private void decide() {
            if (!fromProxy) {
                switch (ProxyHeader.start(seen, length)) {
                    case NOT_A_HEADER -> handOn(null, 0);
                    case HEADER -> refuse("PROXY header from an address that is not a trusted proxy");
                    case UNDECIDED -> { }
                }
                return;
            }
            ProxyHeader.Parse parse = ProxyHeader.parse(seen, length);
            if (parse instanceof ProxyHeader.Header h) {
                handOn(h.source(), h.length());
            } else if (parse instanceof ProxyHeader.Invalid invalid) {
                refuse(invalid.reason());
            }
        }

        private void refuse(String why) {
            decided = true;
            cancelTimeout();
            InetSocketAddress peer = connection.getPeerAddress(InetSocketAddress.class);
            LOG.debug("connection from {} closed: {}", peer == null ? "?" : peer.getAddress().getHostAddress(), why);
            IoUtils.safeClose(connection);
        }

        private void cancelTimeout() {
            if (timeout != null) {
                timeout.remove();
            }
        }

        /** Passes the connection on, with the bytes after the header given back to the reader. */
        private void handOn(InetSocketAddress client, int headerLength) {
            decided = true;
            cancelTimeout();
            StreamSourceChannel source = connection.getSourceChannel();
            source.getReadSetter().set(null);
            source.suspendReads();
            StreamConnection c = client == null ? connection : new ProxiedConnection(connection, client);
            if (length > headerLength) {
                PushBackStreamSourceConduit pushBack = new PushBackStreamSourceConduit(c.getSourceChannel().getConduit());
                pushBack.pushBack(Buffers.pooledWrapper(ByteBuffer.wrap(seen, headerLength, length - headerLength).slice()));
                c.getSourceChannel().setConduit(pushBack);
            }
            if (ssl != null) {
                nextOverTls.handleEvent(ssl.wrapExistingConnection(c, sslOptions, false));
            } else {
                next.handleEvent(c);
            }
        }
    }
}
