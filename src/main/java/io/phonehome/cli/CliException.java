package io.phonehome.cli;

import io.phonehome.errors.PhonehomeException;

/** A command failed in a way the user can act on; carries the exit status scripts see (see {@link ExitCodes}). */
public final class CliException extends PhonehomeException {
    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
