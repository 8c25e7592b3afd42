package io.phonehome.sip.location;

import java.time.Instant;

/**
 * One registered contact of an address of record (a line's extension).
 *
 * @param source    where the REGISTER came from ({@code ip:port}), the flow NOTIFYs go back on
 * @param transport {@code udp}, {@code tcp} or {@code tls}
 */
public record Binding(String extension, String contact, String source, String transport, String userAgent, Instant expires,
                      String callId, long cseq) {
}
