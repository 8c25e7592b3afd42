package io.phonehome.sip.location;

import java.time.Instant;

/**
 * One registered contact of an address of record (a line's extension).
 *
 * @param source    where the REGISTER came from ({@code ip:port}), the flow NOTIFYs go back on
 * @param transport {@code udp}, {@code tcp} or {@code tls}
 * @param node      the node whose SIP listener holds the flow (issue 16); null where no node is known
 */
public record Binding(String extension, String contact, String source, String transport, String userAgent, Instant expires,
                      String callId, long cseq, String node) {
    /** A binding of no known node (one node alone, tests). */
    public Binding(String extension, String contact, String source, String transport, String userAgent, Instant expires, String callId, long cseq) {
        this(extension, contact, source, transport, userAgent, expires, callId, cseq, null);
    }
}
