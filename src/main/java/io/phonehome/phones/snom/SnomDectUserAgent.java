package io.phonehome.phones.snom;

import io.phonehome.inventory.Mac;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the HTTP User-Agent of Snom's M-series DECT bases, which is not the desk phones' form:
 * {@code Mozilla/4.0 (compatible; Snom M900 05.20.0001 000413b60680)}, model after a space, the
 * base firmware as {@code NN.NN.NNNN} and the MAC in lower case (wazo-provd-plugins
 * {@code plugins/wazo_snom/common_dect/common.py}, whose regular expression also allows
 * {@code snomM700} without the space). Over SIP the same bases say {@code snomM700/03.23.0005
 * (MAC=...)} (Snom "Provisioning Guide M700, M300", PnP SUBSCRIBE), read by the plug-in's SIP
 * parser.
 */
final class SnomDectUserAgent {
    /** Longer than any real M-series User-Agent by far. */
    private static final int MAX_LENGTH = 256;
    private static final Pattern FORM = Pattern.compile(
            "\\b[sS]nom ?(M[0-9]{3})\\s+([0-9]{2}\\.[0-9]{2}\\.[0-9]{4})(?:\\s+([0-9a-fA-F]{12}))?(?=[\\s);]|$)");

    private SnomDectUserAgent() {
    }

    static Optional<SnomUserAgent.Info> parse(String ua) {
        if (ua == null || ua.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(ua);
        if (!m.find()) {
            return Optional.empty();
        }
        Mac mac = m.group(3) == null ? null : Mac.tryParse(m.group(3)).orElse(null);
        return Optional.of(new SnomUserAgent.Info(m.group(1).toUpperCase(Locale.ROOT), m.group(2), mac));
    }
}
