package io.phonehome.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A PIN typed by the operator: from the terminal without echo, else the first line of standard
 * input (a pipe or a here-string), never from the command line, where it would stay in the shell's
 * history and in the process list.
 */
final class PinInput {
    private PinInput() {
    }

    static String read(String prompt) {
        Console console = System.console();
        if (console != null) {
            char[] pin = console.readPassword(prompt);
            if (pin == null) {
                throw new CliException(ExitCodes.USAGE, "no PIN given");
            }
            return new String(pin).trim();
        }
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isBlank()) {
                throw new CliException(ExitCodes.USAGE, "no PIN on standard input");
            }
            return line.trim();
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot read the PIN from standard input: " + e.getMessage());
        }
    }
}
