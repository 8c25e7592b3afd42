package io.phonehome.phones;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading a firmware version out of a SIP User-Agent, for plug-ins whose phones send
 * {@code <vendor prefix> ... <version>}: the version is the first dotted number of three or more
 * parts after the prefix. Phones send shorter, freer User-Agents over SIP than over HTTP (no MAC,
 * sometimes no model), so the HTTP parsers are not reused here.
 */
public final class SipUserAgents {
    private static final Pattern VERSION = Pattern.compile("(?<![\\d.])(\\d{1,5}(?:\\.\\d{1,6}){2,5})(?![\\d.])");

    private SipUserAgents() {
    }

    /** The version after the first match of {@code prefix}, or empty when the User-Agent is not the vendor's. */
    public static Optional<String> firmwareAfter(Pattern prefix, String userAgent) {
        if (userAgent == null || userAgent.length() > 255) {
            return Optional.empty();
        }
        Matcher p = prefix.matcher(userAgent);
        if (!p.find()) {
            return Optional.empty();
        }
        Matcher v = VERSION.matcher(userAgent);
        return v.find(p.end()) ? Optional.of(v.group(1)) : Optional.empty();
    }
}
