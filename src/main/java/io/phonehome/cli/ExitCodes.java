package io.phonehome.cli;

/**
 * Exit statuses scripts can rely on. They follow from the admin API's answer, so a script can
 * tell "fix your input" from "not allowed" from "the server is down".
 */
public final class ExitCodes {
    public static final int OK = 0;
    /** Anything else: a server error, an unexpected answer. */
    public static final int FAILED = 1;
    /** The command line itself is wrong (picocli's usage errors). */
    public static final int USAGE = 2;
    /** The input was checked and refused (400, 413, 415, 422; an import with bad rows); nothing changed. */
    public static final int INVALID_INPUT = 3;
    /** The device, site, token or action does not exist (404). */
    public static final int NOT_FOUND = 4;
    /** No token, a wrong or revoked one, or a role that is not enough (401, 403, 429). */
    public static final int NOT_ALLOWED = 5;
    /** The admin API cannot be reached (not running, wrong URL, TLS trust). */
    public static final int UNREACHABLE = 6;
    /** The change conflicts with the current state (409), e.g. a site that still has devices. */
    public static final int CONFLICT = 7;

    private ExitCodes() {
    }

    /** The exit status for an HTTP error status. */
    public static int forStatus(int status) {
        return switch (status) {
            case 400, 413, 415, 422 -> INVALID_INPUT;
            case 404 -> NOT_FOUND;
            case 401, 403, 429 -> NOT_ALLOWED;
            case 409 -> CONFLICT;
            default -> FAILED;
        };
    }
}
