package io.phonehome.console;

/** A request the console answers with an error page: the status and what to tell the person. */
final class ConsoleException extends RuntimeException {
    final int status;

    ConsoleException(int status, String message) {
        super(message);
        this.status = status;
    }
}
