package io.phonehome.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code phonehome hotdesk ...}: hot desking through the admin API. A PIN is read from the terminal
 * without echo, or from the first line of standard input, never from the command line (which
 * other users of the machine can see in the process list).
 */
@Command(name = "hotdesk", mixinStandardHelpOptions = true, description = "Hot desking: desks, users' PINs, who is logged in where.",
        subcommands = {HotDeskCommand.Show.class, HotDeskCommand.Enable.class, HotDeskCommand.Disable.class, HotDeskCommand.Logout.class,
                HotDeskCommand.Pin.class, HotDeskCommand.PinRemove.class})
public final class HotDeskCommand {
    private HotDeskCommand() {
    }

    static int printDesk(ClientCommand c, JsonNode v) {
        if (c.printedJson(v)) {
            return ExitCodes.OK;
        }
        JsonNode seat = v.path("logged_in");
        c.out().println("device " + Json.text(v, "mac") + (v.path("hot_desk").asBoolean() ? ", hot desk" : ", not a hot desk")
                + (seat.isObject() ? ", logged in: " + Json.text(seat, "extension") + " since " + Json.text(seat, "since") : ", nobody logged in"));
        Table t = new Table("AT", "EVENT", "SOURCE", "DETAIL");
        for (JsonNode e : v.path("recent")) {
            t.row(Json.text(e, "at"), Json.text(e, "outcome"), Json.text(e, "source"), Json.text(e, "detail"));
        }
        t.print(c.out());
        return ExitCodes.OK;
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A device's hot-desk state: flag, who is logged in, latest logins and logouts.")
    static final class Show extends ClientCommand {
        @Parameters(paramLabel = "MAC")
        String mac;

        @Override
        int run(ApiClient api) {
            return printDesk(this, api.get("api/v1/devices/" + ApiClient.segment(mac) + "/hotdesk"));
        }
    }

    static JsonNode flag(ApiClient api, String mac, boolean enabled) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("enabled", enabled);
        return api.put("api/v1/devices/" + ApiClient.segment(mac) + "/hotdesk", body);
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Make a device a hot desk.")
    static final class Enable extends ClientCommand {
        @Parameters(paramLabel = "MAC")
        String mac;

        @Override
        int run(ApiClient api) {
            return printDesk(this, flag(api, mac, true));
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Make a hot desk an ordinary phone again (its user is logged out first).")
    static final class Disable extends ClientCommand {
        @Parameters(paramLabel = "MAC")
        String mac;

        @Override
        int run(ApiClient api) {
            return printDesk(this, flag(api, mac, false));
        }
    }

    @Command(name = "logout", mixinStandardHelpOptions = true, description = "Log out whoever is logged in at a hot desk, and re-sync it.")
    static final class Logout extends ClientCommand {
        @Parameters(paramLabel = "MAC")
        String mac;

        @Override
        int run(ApiClient api) {
            return printDesk(this, api.post("api/v1/devices/" + ApiClient.segment(mac) + "/hotdesk/logout", null));
        }
    }

    @Command(name = "pin", mixinStandardHelpOptions = true,
            description = "Set an extension's hot-desk PIN (4 to 12 digits), read from the terminal or the first line of standard input.")
    static final class Pin extends ClientCommand {
        @Parameters(paramLabel = "EXTENSION")
        String extension;
        @Option(names = "--customer", paramLabel = "CUSTOMER",
                description = "The customer (id or slug) whose line the extension is, when several customers have it.")
        String customer;

        @Override
        int run(ApiClient api) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("pin", PinInput.read("PIN: "));
            api.put("api/v1/lines/" + ApiClient.segment(extension) + "/hotdesk-pin"
                    + ApiClient.query(ApiClient.params("customer", customer)), body);
            out().println("PIN set for extension " + extension);
            return ExitCodes.OK;
        }
    }

    @Command(name = "pin-remove", mixinStandardHelpOptions = true, description = "Remove an extension's hot-desk PIN (it can no longer log in).")
    static final class PinRemove extends ClientCommand {
        @Parameters(paramLabel = "EXTENSION")
        String extension;
        @Option(names = "--customer", paramLabel = "CUSTOMER",
                description = "The customer (id or slug) whose line the extension is, when several customers have it.")
        String customer;

        @Override
        int run(ApiClient api) {
            api.delete("api/v1/lines/" + ApiClient.segment(extension) + "/hotdesk-pin"
                    + ApiClient.query(ApiClient.params("customer", customer)));
            out().println("PIN removed for extension " + extension);
            return ExitCodes.OK;
        }
    }
}
