package io.phonehome.sip;

/**
 * Every way the SIP core answers a request it handles itself, mapped to its status code and
 * reason phrase in this one table (the way Kamailio's registrar keeps {@code rerr_codes}).
 * Handlers return outcomes; {@link Replies} turns them into responses. A retransmission is not
 * an error: it is answered like the original ({@link #OK} with the current bindings).
 */
enum SipOutcome {
    OK(200, "OK"),
    BAD_REQUEST(400, "Bad Request"),
    CHALLENGE(401, "Unauthorized"),
    FORBIDDEN(403, "Forbidden"),
    /** Authenticated, but the credentials belong to another line than the one addressed. */
    WRONG_LINE(403, "Forbidden: credentials do not match the line"),
    TOO_MANY_CONTACTS(403, "Too Many Registered Contacts"),
    NOT_FOUND(404, "Not Found"),
    /** The request's domain is no customer's SIP domain here (issue 17): never guessed to be the default customer's. */
    UNKNOWN_DOMAIN(404, "Not Found: unknown SIP domain"),
    /** The request names another customer's domain than the caller's own (issue 17). */
    OTHER_DOMAIN(403, "Forbidden: another customer's SIP domain"),
    METHOD_NOT_ALLOWED(405, "Method Not Allowed"),
    PROXY_CHALLENGE(407, "Proxy Authentication Required"),
    REQUEST_TIMEOUT(408, "Request Timeout"),
    UNSUPPORTED_URI_SCHEME(416, "Unsupported URI Scheme"),
    BAD_EXTENSION(420, "Bad Extension"),
    INTERVAL_TOO_BRIEF(423, "Interval Too Brief"),
    NOT_REGISTERED(480, "Temporarily Unavailable"),
    CALL_DOES_NOT_EXIST(481, "Call/Transaction Does Not Exist"),
    TOO_MANY_HOPS(483, "Too Many Hops"),
    BAD_EVENT(489, "Bad Event"),
    SERVER_ERROR(500, "Server Internal Error"),
    NOT_IMPLEMENTED(501, "Not Implemented"),
    VERSION_NOT_SUPPORTED(505, "Version Not Supported"),
    MESSAGE_TOO_LARGE(513, "Message Too Large");

    private final int status;
    private final String reason;

    SipOutcome(int status, String reason) {
        this.status = status;
        this.reason = reason;
    }

    int status() {
        return status;
    }

    String reason() {
        return reason;
    }
}
