package io.phonehome.sip;

import gov.nist.javax.sip.header.HeaderFactoryExt;
import io.phonehome.inventory.Line;
import java.text.ParseException;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.message.Request;

/**
 * The caller's name as the inventory knows it, put on an INVITE the call proxy forwards between
 * provisioned lines. Phones of every vendor show the name of the From header or of a
 * P-Asserted-Identity (RFC 3325), so the SIP core sets both from the caller line's display name and
 * the phones need no phonebook for internal names. Whatever name the calling phone wrote is
 * replaced and any identity header it sent is dropped: the caller has proved which line it is (its
 * digest), not what it is called, so one extension cannot ring with another's name.
 *
 * <p>Only the display name of From changes: its URI and tag stay, so the dialog is the caller's.
 * The name is written as an RFC 3261 quoted-string (section 25.1: {@code "} and {@code \} escaped
 * as quoted-pairs; control characters, which a quoted-string cannot carry, become spaces), because
 * jain-sip writes a display name between quotes as it is given.
 */
final class CallerIdentity {
    static final String P_ASSERTED_IDENTITY = "P-Asserted-Identity";
    static final String P_PREFERRED_IDENTITY = "P-Preferred-Identity";

    private final HeaderFactory headers;
    private final AddressFactory addresses;

    CallerIdentity(HeaderFactory headers, AddressFactory addresses) {
        this.headers = headers;
        this.addresses = addresses;
    }

    /**
     * Rewrites {@code out} (a copy about to be forwarded) so it names {@code caller}: From's display
     * name and one P-Asserted-Identity with the name and the From URI (the caller's extension, which
     * the proxy has checked against the line).
     */
    void assertOn(Request out, Line caller) throws ParseException {
        out.removeHeader(P_ASSERTED_IDENTITY);
        out.removeHeader(P_PREFERRED_IDENTITY);
        FromHeader from = (FromHeader) out.getHeader(FromHeader.NAME);
        SipURI uri = (SipURI) ((SipURI) from.getAddress().getURI()).clone();
        String name = quotedStringContent(caller.displayName());
        Address fromAddress = addresses.createAddress((SipURI) uri.clone());
        Address asserted = addresses.createAddress(plain(uri));
        if (!name.isEmpty()) {
            fromAddress.setDisplayName(name);
            asserted.setDisplayName(name);
        }
        from.setAddress(fromAddress);
        out.addHeader(((HeaderFactoryExt) headers).createPAssertedIdentityHeader(asserted));
    }

    /** The identity is the extension's address, without what the phone added to its From URI (parameters, headers). */
    private SipURI plain(SipURI uri) throws ParseException {
        SipURI p = addresses.createSipURI(uri.getUser(), uri.getHost());
        if (uri.getPort() > 0) {
            p.setPort(uri.getPort());
        }
        return p;
    }

    /** The text between the quotes of a quoted-string that shows {@code name}. */
    static String quotedStringContent(String name) {
        if (name == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(' ');
            } else {
                sb.append(c);
            }
        }
        return sb.toString().strip();
    }
}
