package io.phonehome.sip.location;

import java.util.Locale;

/**
 * The transport flow a registration arrived on: the packet's source address and port and the
 * transport. Requests to a phone behind NAT must go back down exactly this flow (the same UDP
 * 5-tuple, the same TCP/TLS connection), not to the private address in its Contact.
 *
 * @param transport {@code udp}, {@code tcp} or {@code tls}
 * @param address   IP literal (IPv6 without brackets)
 */
public record Flow(String transport, String address, int port) {
    public Flow {
        transport = transport.toLowerCase(Locale.ROOT);
        if (!transport.equals("udp") && !transport.equals("tcp") && !transport.equals("tls")) {
            throw new IllegalArgumentException("transport must be udp, tcp or tls: " + transport);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port outside 1..65535: " + port);
        }
        if (address == null || address.isEmpty()) {
            throw new IllegalArgumentException("empty address");
        }
    }

    /** {@code 192.0.2.7:5060} or {@code [2001:db8::7]:5060}. */
    public String hostPort() {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }

    /** {@code udp:192.0.2.7:5060}: the stored and printed form, read back by {@link #parse}. */
    @Override
    public String toString() {
        return transport + ":" + hostPort();
    }

    /** Reads {@link #toString()}'s form. */
    public static Flow parse(String s) {
        int colon = s.indexOf(':');
        int last = s.lastIndexOf(':');
        if (colon < 0 || last <= colon) {
            throw new IllegalArgumentException("not a flow: " + s);
        }
        String host = s.substring(colon + 1, last);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Flow(s.substring(0, colon), host, Integer.parseInt(s.substring(last + 1)));
    }
}
