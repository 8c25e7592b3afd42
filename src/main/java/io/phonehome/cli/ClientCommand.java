package io.phonehome.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A command that talks to the admin API: connection options, {@code --json}, and its output streams. */
abstract class ClientCommand implements Callable<Integer> {
    @Mixin
    ClientOptions connection;

    @Option(names = "--json", description = "Print the API's JSON answer instead of a table")
    boolean json;

    @Spec
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Prints the JSON when {@code --json} was given; returns whether it did. */
    boolean printedJson(JsonNode n) {
        if (json) {
            out().println(Json.pretty(n));
            out().flush();
        }
        return json;
    }

    /** The bytes of a file the technician named (a CSV to import): a missing or unreadable file is invalid input, not a crash. */
    static byte[] readInput(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCodes.INVALID_INPUT, file + ": no such file");
        } catch (IOException e) {
            throw new CliException(ExitCodes.INVALID_INPUT, file + ": " + e.getMessage());
        }
    }

    @Override
    public final Integer call() throws Exception {
        return run(connection.client());
    }

    abstract int run(ApiClient api) throws Exception;
}
