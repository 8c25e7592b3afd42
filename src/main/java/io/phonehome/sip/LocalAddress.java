package io.phonehome.sip;

import java.util.Locale;
import java.util.Set;
import io.phonehome.media.OfferAnswer;
import java.text.ParseException;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.HeaderFactory;

/**
 * How Phonehome names itself in SIP (Via sent-by, Record-Route, NOTIFY From/Contact), and how it
 * recognises its own URIs in Route headers.
 *
 * @param host      the advertised host (public_host, else the bind address, else a local address)
 * @param sipPort   UDP and TCP port
 * @param tlsPort   TLS port
 * @param aliases   other host strings that also mean this server (bind address, local addresses)
 * @param node      this node's name among several on one database: the value of {@link #MARK} in
 *                  the Record-Routes it places, so a node tells its own from another node's in one
 *                  dialog's route set (a call relayed between nodes carries both)
 */
record LocalAddress(String host, int sipPort, int tlsPort, Set<String> aliases, String node) {
    /** Marks Phonehome's own Record-Route URIs. */
    static final String MARK = "ph";

    int portFor(String transport) {
        return "tls".equalsIgnoreCase(transport) ? tlsPort : sipPort;
    }

    /**
     * The Contact of a dialog Phonehome is a party to (a service call it answered, a call it placed):
     * {@code user} at this host, on the port of {@code transport}, with the transport named unless UDP.
     */
    javax.sip.header.ContactHeader contact(AddressFactory addresses, HeaderFactory headers, String user, String transport)
            throws ParseException {
        SipURI uri = addresses.createSipURI(user, host);
        uri.setPort(portFor(transport));
        if (!transport.equals("udp")) {
            uri.setTransportParam(transport);
        }
        return headers.createContactHeader(addresses.createAddress(uri));
    }

    /** Where a call's media is in Phonehome's SDP: this host, its address family, the call's RTP port. */
    OfferAnswer.LocalEndpoint mediaEndpoint(int rtpPort, String sessionId, long sessionVersion) {
        return new OfferAnswer.LocalEndpoint(host.contains(":") ? "IP6" : "IP4", host, rtpPort, sessionId, sessionVersion);
    }

    /** True for a Route URI this server placed (marked, or naming one of our addresses and ports). */
    boolean isOurs(SipURI uri) {
        String mark = uri.getParameter(MARK);
        if (mark != null && uri.getUser() != null && uri.getUser().startsWith("ph-")) {
            // valueless: placed before nodes had names (one node), ours; named: ours only by our name
            return mark.isEmpty() || mark.equals(node);
        }
        String h = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            h = h.substring(1, h.length() - 1);
        }
        if (!h.equalsIgnoreCase(host) && !aliases.contains(h)) {
            return false;
        }
        int port = uri.getPort();
        if (port <= 0) {
            port = uri.isSecure() || "tls".equalsIgnoreCase(uri.getTransportParam()) ? 5061 : 5060;
        }
        return port == sipPort || port == tlsPort;
    }
}
