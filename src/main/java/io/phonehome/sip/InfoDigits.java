package io.phonehome.sip;

import java.util.Locale;
import java.util.Optional;

/**
 * The key in a SIP INFO that carries DTMF. There is no RFC for it; the phones' two forms are
 * {@code application/dtmf-relay} with {@code Signal=5} and {@code Duration=160} lines (Cisco's
 * form, which Yealink, Snom, Grandstream and Fanvil send when their DTMF mode is "SIP INFO"), and
 * {@code application/dtmf} with the key alone. Keys are 0-9, *, #, A-D; {@code Signal=10} and
 * {@code 11} are * and # in some firmwares. Anything else is no key.
 */
final class InfoDigits {
    private InfoDigits() {
    }

    /** The key in an INFO request, or empty: no DTMF content type, no body, or one over 512 bytes. */
    static Optional<Character> of(javax.sip.message.Request info) {
        javax.sip.header.ContentTypeHeader type = (javax.sip.header.ContentTypeHeader) info.getHeader(javax.sip.header.ContentTypeHeader.NAME);
        byte[] body = info.getRawContent();
        if (type == null || body == null || body.length > 512) {
            return Optional.empty();
        }
        return parse(type.getContentSubType(), new String(body, java.nio.charset.StandardCharsets.US_ASCII));
    }

    static Optional<Character> parse(String subtype, String body) {
        String s = subtype == null ? "" : subtype.toLowerCase(Locale.ROOT);
        String value;
        if (s.equals("dtmf-relay")) {
            value = null;
            for (String line : body.split("\\r?\\n")) {
                int eq = line.indexOf('=');
                if (eq > 0 && line.substring(0, eq).trim().equalsIgnoreCase("signal")) {
                    value = line.substring(eq + 1).trim();
                }
            }
            if (value == null) {
                return Optional.empty();
            }
        } else if (s.equals("dtmf")) {
            value = body.trim();
        } else {
            return Optional.empty();
        }
        if (value.equals("10")) {
            return Optional.of('*');
        }
        if (value.equals("11")) {
            return Optional.of('#');
        }
        if (value.length() != 1) {
            return Optional.empty();
        }
        char c = Character.toUpperCase(value.charAt(0));
        return (c >= '0' && c <= '9') || c == '*' || c == '#' || (c >= 'A' && c <= 'D') ? Optional.of(c) : Optional.empty();
    }
}
