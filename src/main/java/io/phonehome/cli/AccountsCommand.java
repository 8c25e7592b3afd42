package io.phonehome.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code phonehome accounts add|list|remove|reset-password}: people's accounts for the web console
 * (needs an admin token). A password is never an argument (it would stay in the shell's history and
 * in the process list): it is typed without echo, or read from the first line of standard input or
 * of a file.
 */
@Command(name = "accounts", mixinStandardHelpOptions = true, description = "People's accounts for the web console (needs an admin token).",
        subcommands = {AccountsCommand.Add.class, AccountsCommand.ListAccounts.class, AccountsCommand.Remove.class, AccountsCommand.ResetPassword.class})
public final class AccountsCommand {

    @Command(name = "add", mixinStandardHelpOptions = true, description = {"Create an account. The password is asked for (or read from",
            "standard input or --password-file): at least 12 characters, not the name, not a common password."})
    static final class Add extends ClientCommand {
        @Parameters(paramLabel = "NAME", description = "The person's sign-in name, e.g. anna.meier")
        String name;

        @Option(names = "--role", defaultValue = "viewer", description = "viewer (default), technician or admin")
        String role;

        @Option(names = "--totp", description = "Also ask for a code from an authenticator app at sign-in; the secret is printed once")
        boolean totp;

        @Option(names = "--password-file", paramLabel = "FILE", description = "Read the password from the first line of this file")
        Path passwordFile;

        @Override
        int run(ApiClient api) {
            ObjectNode body = Json.MAPPER.createObjectNode().put("name", name).put("role", role).put("totp", totp)
                    .put("password", password(passwordFile, "password for " + name + ": "));
            JsonNode r = api.post("api/v1/accounts", body);
            if (printedJson(r)) {
                return ExitCodes.OK;
            }
            out().println("account " + Json.text(r.path("account"), "name") + " (" + Json.text(r.path("account"), "role") + ") created, id "
                    + r.path("account").path("id").asText());
            if (r.has("totp_secret")) {
                out().println("TOTP secret (shown only this once): " + Json.text(r, "totp_secret"));
                out().println(Json.text(r, "totp_uri"));
            }
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List accounts (never a password or a TOTP secret).")
    static final class ListAccounts extends ClientCommand {
        @Override
        int run(ApiClient api) {
            JsonNode all = api.get("api/v1/accounts");
            if (printedJson(all)) {
                return ExitCodes.OK;
            }
            Table t = new Table("ID", "NAME", "ROLE", "TOTP", "CREATED", "BY");
            for (JsonNode a : all) {
                t.row(a.path("id").asText(), Json.text(a, "name"), Json.text(a, "role"), a.path("totp").asBoolean() ? "yes" : "no",
                        Json.text(a, "created_at"), Json.text(a, "created_by"));
            }
            t.print(out());
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an account (by name or id); its sessions end.")
    static final class Remove extends ClientCommand {
        @Parameters(paramLabel = "NAME|ID")
        String account;

        @Override
        int run(ApiClient api) {
            long id = idOf(api, account);
            api.delete("api/v1/accounts/" + id);
            out().println("removed account " + account);
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "reset-password", mixinStandardHelpOptions = true, description = {"Give an account (by name or id) a new password;",
            "its sessions end. The password is asked for, or read from standard input or --password-file."})
    static final class ResetPassword extends ClientCommand {
        @Parameters(paramLabel = "NAME|ID")
        String account;

        @Option(names = "--password-file", paramLabel = "FILE", description = "Read the password from the first line of this file")
        Path passwordFile;

        @Override
        int run(ApiClient api) {
            long id = idOf(api, account);
            api.post("api/v1/accounts/" + id + "/password", Json.MAPPER.createObjectNode().put("password", password(passwordFile, "new password for " + account + ": ")));
            out().println("password of account " + account + " changed; its sessions have ended");
            out().flush();
            return ExitCodes.OK;
        }
    }

    /** The account's id: an id as given, or the id of the account with this name. */
    static long idOf(ApiClient api, String account) {
        for (JsonNode a : api.get("api/v1/accounts")) {
            if (Json.text(a, "name").equals(account)) {
                return a.path("id").asLong();
            }
        }
        if (account.matches("[0-9]{1,18}")) {
            return Long.parseLong(account);
        }
        throw new CliException(ExitCodes.NOT_FOUND, "no account named '" + account + "'");
    }

    /** A password from the file, else typed without echo on a terminal, else the first line of standard input. */
    static String password(Path file, String prompt) {
        String p;
        if (file != null) {
            try {
                p = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("");
            } catch (IOException e) {
                throw new CliException(ExitCodes.USAGE, "cannot read the password from " + file + ": " + e.getMessage());
            }
        } else if (System.console() != null) {
            char[] typed = System.console().readPassword(prompt);
            p = typed == null ? "" : new String(typed);
        } else {
            try {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                p = line == null ? "" : line;
            } catch (IOException e) {
                throw new CliException(ExitCodes.USAGE, "cannot read the password from standard input: " + e.getMessage());
            }
        }
        if (p.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "no password given (type it, pipe it on standard input, or use --password-file)");
        }
        return p;
    }
}
