package io.phonehome.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PROXY protocol header a load balancer in TCP mode (HAProxy's {@code send-proxy} and
 * {@code send-proxy-v2}) writes before anything else on a connection, so Phonehome sees the
 * phone's own address: trusted networks, request budgets and the security log depend on it. Both
 * versions of HAProxy's {@code doc/proxy-protocol.txt} are read; nothing is resolved, only
 * literal addresses are accepted, and a header that is not exactly right is {@link Invalid} (the
 * connection is closed, never answered).
 */
public final class ProxyHeader {
    /** Version 2's twelve-byte signature: cannot start an HTTP request or a TLS record. */
    static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    static final byte[] V1_SIGNATURE = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    /** Version 1's longest line, CRLF included (the specification's figure). */
    static final int V1_MAX = 107;
    /** Version 2 headers longer than this (addresses plus TLVs) are refused: HAProxy's are far shorter. */
    static final int V2_MAX = 16 + 1024;

    private static final Pattern V1 = Pattern.compile(
            "PROXY (TCP4|TCP6) ([0-9a-fA-F:.]{2,45}) ([0-9a-fA-F:.]{2,45}) (0|[1-9][0-9]{0,4}) (0|[1-9][0-9]{0,4})");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    private ProxyHeader() {
    }

    /** What the bytes read so far make of a header. */
    public sealed interface Parse permits NeedMore, Invalid, Header {
    }

    /** Not complete yet: read more. */
    public record NeedMore() implements Parse {
    }

    /** Not a valid header: close the connection. */
    public record Invalid(String reason) implements Parse {
    }

    /**
     * A complete header of {@code length} bytes; {@code source} is the client's address, or null
     * when the header names none (v2 LOCAL, such as the proxy's own health checks; v1 UNKNOWN;
     * a family other than IPv4 or IPv6): the connection then keeps its own addresses.
     */
    public record Header(int length, InetSocketAddress source, InetSocketAddress destination) implements Parse {
    }

    /** How the first bytes of a connection from an address that is not a proxy look. */
    public enum Start { NOT_A_HEADER, UNDECIDED, HEADER }

    /** Whether {@code data[0..length)} begins a PROXY header (either version), without parsing it. */
    public static Start start(byte[] data, int length) {
        Start v1 = prefix(V1_SIGNATURE, data, length);
        Start v2 = prefix(V2_SIGNATURE, data, length);
        if (v1 == Start.HEADER || v2 == Start.HEADER) {
            return Start.HEADER;
        }
        return v1 == Start.UNDECIDED || v2 == Start.UNDECIDED ? Start.UNDECIDED : Start.NOT_A_HEADER;
    }

    private static Start prefix(byte[] signature, byte[] data, int length) {
        int n = Math.min(signature.length, length);
        for (int i = 0; i < n; i++) {
            if (data[i] != signature[i]) {
                return Start.NOT_A_HEADER;
            }
        }
        return n == signature.length ? Start.HEADER : Start.UNDECIDED;
    }

    /** Parses the header at the start of {@code data[0..length)}. */
    public static Parse parse(byte[] data, int length) {
        return switch (start(data, length)) {
            case NOT_A_HEADER -> new Invalid("no PROXY header");
            case UNDECIDED -> new NeedMore();
            case HEADER -> data[0] == 'P' ? v1(data, length) : v2(data, length);
        };
    }

    private static Parse v1(byte[] data, int length) {
        int end = -1;
        for (int i = V1_SIGNATURE.length; i < Math.min(length, V1_MAX); i++) {
            if (data[i] == '\n') {
                end = i;
                break;
            }
        }
        if (end < 0) {
            return length >= V1_MAX ? new Invalid("PROXY v1 line longer than " + V1_MAX + " bytes") : new NeedMore();
        }
        if (data[end - 1] != '\r') {
            return new Invalid("PROXY v1 line not ended by CRLF");
        }
        String line = new String(data, 0, end - 1, StandardCharsets.US_ASCII);
        if (line.startsWith("PROXY UNKNOWN")) {
            return new Header(end + 1, null, null);
        }
        Matcher m = V1.matcher(line);
        if (!m.matches()) {
            return new Invalid("malformed PROXY v1 line");
        }
        boolean v4 = m.group(1).equals("TCP4");
        InetAddress src = literal(m.group(2), v4);
        InetAddress dst = literal(m.group(3), v4);
        int sport = Integer.parseInt(m.group(4));
        int dport = Integer.parseInt(m.group(5));
        if (src == null || dst == null) {
            return new Invalid("PROXY v1 address is not a literal of its family");
        }
        if (sport > 65535 || dport > 65535) {
            return new Invalid("PROXY v1 port out of range");
        }
        return new Header(end + 1, new InetSocketAddress(src, sport), new InetSocketAddress(dst, dport));
    }

    /** A literal address of the family, never a name looked up: null if it is not one. */
    private static InetAddress literal(String text, boolean v4) {
        if (v4 ? !IPV4.matcher(text).matches() : text.indexOf(':') < 0) {
            return null;
        }
        try {
            // a text with ':' or a dotted quad is parsed, never resolved
            InetAddress a = InetAddress.getByName(text);
            return v4 == (a instanceof java.net.Inet4Address) ? a : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static Parse v2(byte[] data, int length) {
        if (length < 16) {
            return new NeedMore();
        }
        int versionCommand = data[12] & 0xFF;
        if ((versionCommand >> 4) != 2) {
            return new Invalid("PROXY v2 version " + (versionCommand >> 4));
        }
        int command = versionCommand & 0x0F;
        if (command > 1) {
            return new Invalid("PROXY v2 command " + command);
        }
        int familyProtocol = data[13] & 0xFF;
        int rest = ((data[14] & 0xFF) << 8) | (data[15] & 0xFF);
        int total = 16 + rest;
        if (total > V2_MAX) {
            return new Invalid("PROXY v2 header of " + total + " bytes");
        }
        if (length < total) {
            return new NeedMore();
        }
        if (command == 0) {
            // LOCAL: the proxy speaks for itself (its health checks); keep the connection's addresses
            return new Header(total, null, null);
        }
        int family = familyProtocol >> 4;
        int protocol = familyProtocol & 0x0F;
        if (family > 3 || protocol > 2) {
            return new Invalid("PROXY v2 family/protocol " + familyProtocol);
        }
        if ((family == 1 || family == 2) && protocol != 1) {
            return new Invalid("PROXY v2 for a protocol other than TCP");
        }
        int addressBytes = family == 1 ? 4 : family == 2 ? 16 : 0;
        if (addressBytes == 0) {
            // UNSPEC or a UNIX socket: nothing usable, the specification says to keep the real addresses
            return new Header(total, null, null);
        }
        if (rest < 2 * addressBytes + 4) {
            return new Invalid("PROXY v2 address block too short");
        }
        try {
            byte[] src = java.util.Arrays.copyOfRange(data, 16, 16 + addressBytes);
            byte[] dst = java.util.Arrays.copyOfRange(data, 16 + addressBytes, 16 + 2 * addressBytes);
            int p = 16 + 2 * addressBytes;
            int sport = ((data[p] & 0xFF) << 8) | (data[p + 1] & 0xFF);
            int dport = ((data[p + 2] & 0xFF) << 8) | (data[p + 3] & 0xFF);
            return new Header(total, new InetSocketAddress(InetAddress.getByAddress(src), sport),
                    new InetSocketAddress(InetAddress.getByAddress(dst), dport));
        } catch (UnknownHostException e) {
            return new Invalid("PROXY v2 address of the wrong length");
        }
    }
}
