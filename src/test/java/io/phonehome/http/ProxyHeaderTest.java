package io.phonehome.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProxyHeaderTest {
    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static ProxyHeader.Parse parse(byte[] b) {
        return ProxyHeader.parse(b, b.length);
    }

    /** A v2 header as HAProxy's send-proxy-v2 writes it for TCP over IPv4, with an optional TLV block. */
    static byte[] v2Inet(int command, byte[] src, byte[] dst, int sport, int dport, int tlvBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ProxyHeader.V2_SIGNATURE);
        out.write(0x20 | command);
        out.write(src.length == 4 ? 0x11 : 0x21);
        int len = 2 * src.length + 4 + tlvBytes;
        out.write(len >> 8);
        out.write(len & 0xFF);
        out.writeBytes(src);
        out.writeBytes(dst);
        out.write(sport >> 8);
        out.write(sport & 0xFF);
        out.write(dport >> 8);
        out.write(dport & 0xFF);
        out.writeBytes(new byte[tlvBytes]);
        return out.toByteArray();
    }

    @Test
    void aVersionOneLineGivesThePhonesAddressAndItsLength() {
        byte[] b = ascii("PROXY TCP4 203.0.113.7 192.0.2.1 51000 8443\r\nGET / HTTP/1.1\r\n");
        assertThat(parse(b)).isEqualTo(new ProxyHeader.Header(45,
                new InetSocketAddress("203.0.113.7", 51000), new InetSocketAddress("192.0.2.1", 8443)));
        assertThat(parse(ascii("PROXY TCP6 2001:db8::7 2001:db8::1 51000 8443\r\n")))
                .isEqualTo(new ProxyHeader.Header(47, new InetSocketAddress("2001:db8::7", 51000), new InetSocketAddress("2001:db8::1", 8443)));
        assertThat(parse(ascii("PROXY UNKNOWN whatever\r\n"))).isEqualTo(new ProxyHeader.Header(24, null, null));
    }

    @Test
    void aVersionTwoHeaderGivesThePhonesAddressAndSkipsItsTlvs() {
        byte[] b = v2Inet(1, new byte[] {(byte) 203, 0, 113, 7}, new byte[] {(byte) 192, 0, 2, 1}, 51000, 8443, 7);
        assertThat(parse(b)).isEqualTo(new ProxyHeader.Header(16 + 12 + 7,
                new InetSocketAddress("203.0.113.7", 51000), new InetSocketAddress("192.0.2.1", 8443)));
        byte[] v6 = new byte[16];
        v6[0] = 0x20;
        v6[1] = 0x01;
        v6[15] = 7;
        ProxyHeader.Parse p = parse(v2Inet(1, v6, new byte[16], 1, 2, 0));
        assertThat(((ProxyHeader.Header) p).source().getAddress().getHostAddress()).isEqualTo("2001:0:0:0:0:0:0:7");
    }

    @Test
    void theProxysOwnHealthCheckKeepsTheConnectionsAddress() {
        byte[] local = v2Inet(0, new byte[4], new byte[4], 0, 0, 0);
        assertThat(parse(local)).isEqualTo(new ProxyHeader.Header(local.length, null, null));
    }

    @Test
    void aHeaderCutShortAsksForMoreAtEveryLength() {
        byte[] v1 = ascii("PROXY TCP4 203.0.113.7 192.0.2.1 51000 8443\r\n");
        byte[] v2 = v2Inet(1, new byte[] {1, 2, 3, 4}, new byte[] {5, 6, 7, 8}, 1, 2, 3);
        for (byte[] whole : new byte[][] {v1, v2}) {
            for (int n = 0; n < whole.length; n++) {
                assertThat(ProxyHeader.parse(whole, n)).as("first %d bytes", n).isEqualTo(new ProxyHeader.NeedMore());
            }
        }
    }

    @Test
    void garbageAndLiesAreInvalidNeverGuessed() {
        assertThat(parse(ascii("GET / HTTP/1.1\r\n"))).isInstanceOf(ProxyHeader.Invalid.class);
        assertThat(parse(new byte[] {0x16, 0x03, 0x01, 0x02})).isInstanceOf(ProxyHeader.Invalid.class); // a TLS ClientHello
        assertThat(parse(ascii("PROXY TCP4 phones.example 192.0.2.1 1 2\r\n"))).isInstanceOf(ProxyHeader.Invalid.class); // never resolved
        assertThat(parse(ascii("PROXY TCP4 2001:db8::7 192.0.2.1 1 2\r\n"))).isInstanceOf(ProxyHeader.Invalid.class); // wrong family
        assertThat(parse(ascii("PROXY TCP4 203.0.113.7 192.0.2.1 70000 2\r\n"))).isInstanceOf(ProxyHeader.Invalid.class);
        assertThat(parse(ascii("PROXY TCP4 256.0.113.7 192.0.2.1 1 2\r\n"))).isInstanceOf(ProxyHeader.Invalid.class);
        assertThat(parse(ascii("PROXY TCP4 203.0.113.7 192.0.2.1 1 2\n"))).isInstanceOf(ProxyHeader.Invalid.class); // no CR
        assertThat(parse(ascii("PROXY " + "x".repeat(120)))).isInstanceOf(ProxyHeader.Invalid.class); // longer than 107
        byte[] v3 = v2Inet(1, new byte[4], new byte[4], 1, 2, 0);
        v3[12] = 0x31;
        assertThat(parse(v3)).isInstanceOf(ProxyHeader.Invalid.class);
        byte[] udp = v2Inet(1, new byte[4], new byte[4], 1, 2, 0);
        udp[13] = 0x12;
        assertThat(parse(udp)).isInstanceOf(ProxyHeader.Invalid.class);
        byte[] huge = v2Inet(1, new byte[4], new byte[4], 1, 2, 0);
        huge[14] = (byte) 0xFF;
        assertThat(parse(huge)).isInstanceOf(ProxyHeader.Invalid.class);
        byte[] shortBlock = v2Inet(1, new byte[4], new byte[4], 1, 2, 0);
        shortBlock[15] = 4;
        assertThat(ProxyHeader.parse(shortBlock, 20)).isInstanceOf(ProxyHeader.Invalid.class);
    }

    @Test
    void theFirstBytesTellAHeaderFromARequestAsSoonAsTheyDiffer() {
        assertThat(ProxyHeader.start(ascii("P"), 1)).isEqualTo(ProxyHeader.Start.UNDECIDED);
        assertThat(ProxyHeader.start(ascii("PUT /"), 5)).isEqualTo(ProxyHeader.Start.NOT_A_HEADER);
        assertThat(ProxyHeader.start(ascii("PROXY "), 6)).isEqualTo(ProxyHeader.Start.HEADER);
        assertThat(ProxyHeader.start(new byte[] {0x16}, 1)).isEqualTo(ProxyHeader.Start.NOT_A_HEADER);
        assertThat(ProxyHeader.start(ProxyHeader.V2_SIGNATURE, 11)).isEqualTo(ProxyHeader.Start.UNDECIDED);
        assertThat(ProxyHeader.start(ProxyHeader.V2_SIGNATURE, 12)).isEqualTo(ProxyHeader.Start.HEADER);
    }
}
