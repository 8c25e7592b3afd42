package io.phonehome.sip;

import io.phonehome.sip.location.Flow;
import java.net.InetAddress;
import java.util.Locale;
import javax.sip.address.SipURI;
import javax.sip.address.URI;

/** Turns SIP URIs into flows (host, port, transport) without ever asking DNS. */
final class Targets {
    private Targets() {
    }

    /** The flow a SIP URI designates, or null when it is not a SIP URI with an IP-literal host. */
    static Flow hopOf(URI uri) {
        if (!(uri instanceof SipURI sip)) {
            return null;
        }
        String host = sip.getHost();
        if (host == null || !isIpLiteral(host)) {
            return null;
        }
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        String t = sip.getTransportParam();
        String transport = t != null ? t.toLowerCase(Locale.ROOT) : sip.isSecure() ? "tls" : "udp";
        if (!transport.equals("udp") && !transport.equals("tcp") && !transport.equals("tls")) {
            return null;
        }
        if (sip.isSecure()) {
            transport = "tls";
        }
        int port = sip.getPort() > 0 ? sip.getPort() : transport.equals("tls") ? 5061 : 5060;
        if (port > 65535) {
            return null;
        }
        return new Flow(transport, host, port);
    }

    /**
     * Drops the escaped headers of a URI ({@code ?Route=...}): a registered contact's headers
     * (RFC 4475 3.3.14) must never turn into real header fields of a request Phonehome sends.
     */
    static void stripUriHeaders(SipURI uri) {
        if (uri instanceof gov.nist.javax.sip.address.SipUri impl) {
            impl.removeHeaders();
        }
    }

    /** True for dotted IPv4 or (bracketed) IPv6 literals; never resolves anything. */
    static boolean isIpLiteral(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.isEmpty()) {
            return false;
        }
        if (h.indexOf(':') >= 0) {
            for (int i = 0; i < h.length(); i++) {
                char c = h.charAt(i);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                    return false;
                }
            }
        } else {
            String[] parts = h.split("\\.", -1);
            if (parts.length != 4) {
                return false;
            }
            for (String p : parts) {
                if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                    return false;
                }
            }
        }
        try {
            // a literal: InetAddress parses it without any lookup
            InetAddress.getByName(h);
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
