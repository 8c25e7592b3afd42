package io.phonehome.sip;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The limit on SIP connections phones and others open to this node ({@code sip_max_connections}),
 * over TCP and TLS together. jain-sip reads its MAX_CONNECTIONS only in its old blocking
 * transports; the non-blocking ones Phonehome uses accept every connection, so without this a
 * client could hold as many sockets (and, over TLS, handshakes) as the process may open files.
 *
 * <p>A connection over the limit is accepted by the kernel and then closed at once (linger 0,
 * so the client sees a reset and the socket leaves no TIME_WAIT here), before jain-sip builds a
 * channel for it: no message parsed, no TLS handshake. Connections are counted by their socket;
 * a closed one leaves the count when the limit is reached next, so a connection jain-sip forgot
 * without telling can never hold a place for good.
 */
final class ConnectionCap {
    private static final Logger log = LoggerFactory.getLogger(ConnectionCap.class);
    private final int max;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private volatile boolean refusing;
    private long refused;

    /** @param max at most this many accepted connections open at once; 0 or less: no limit (jain-sip's default of -1) */
    ConnectionCap(int max) {
        this.max = max;
    }

    /**
     * A connection was just accepted: returns if it may stay; over the limit it is closed and
     * {@link Refused} thrown, which ends jain-sip's accept of it (and which jain-sip's log
     * adapter does not log: the limit is logged here, once per spell).
     */
    void admit(SocketChannel accepted) throws Refused {
        if (max <= 0) {
            return;
        }
        if (open.size() >= max) {
            open.removeIf(c -> !c.isOpen());
        }
        if (open.size() < max) {
            open.add(accepted);
            if (refusing) {
                refusing = false;
                log.info("SIP connections below sip_max_connections ({}) again: accepting", max);
            }
            return;
        }
        synchronized (this) {
            refused++;
            if (!refusing) {
                refusing = true;
                log.warn("SIP connections at sip_max_connections ({}): new TCP/TLS connections are closed until some end ({} so far)",
                        max, refused);
            }
        }
        try {
            accepted.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException e) {
            // closed below either way
        }
        try {
            accepted.close();
        } catch (IOException e) {
            // nothing more to release
        }
        throw new Refused();
    }

    /** The connection was over the limit and is closed. */
    static final class Refused extends IOException {
        Refused() {
            super("over sip_max_connections", null);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // thrown for every connection of a flood: no stack to walk
        }
    }
}
