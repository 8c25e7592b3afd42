package io.phonehome.sip.location;

import java.util.List;

/**
 * A REGISTER the SIP edge has parsed and authenticated, in the terms of RFC 3261 section 10.3.
 *
 * @param wildcard {@code Contact: *} (the edge has checked it came alone and with Expires 0)
 * @param contacts the contacts to add, refresh or remove, in request order
 * @param flow     where the request came from
 * @param path     Path header values, outermost first
 */
public record RegisterRequest(String extension, long lineId, long deviceId, String callId, long cseq, boolean wildcard,
                              List<ContactUpdate> contacts, Flow flow, List<String> path, String userAgent) {
    public RegisterRequest {
        contacts = List.copyOf(contacts);
        path = List.copyOf(path);
    }

    /**
     * One Contact of a REGISTER.
     *
     * @param requestedExpires the contact's {@code expires} parameter, else the Expires header, in
     *                         seconds; -1 when the request named neither (the registrar default applies)
     * @param q                the q-value, or -1
     */
    public record ContactUpdate(String uri, long requestedExpires, float q) {
    }
}
