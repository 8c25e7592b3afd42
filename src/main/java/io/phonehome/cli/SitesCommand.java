package io.phonehome.cli;

import io.phonehome.Main;
import io.phonehome.inventory.AuthMethod;
import io.phonehome.inventory.Registrar;
import io.phonehome.inventory.Site;
import io.phonehome.inventory.SiteSpec;
import io.phonehome.inventory.Transport;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code phonehome sites add|list}: the sites devices are assigned to. */
@Command(name = "sites", mixinStandardHelpOptions = true, description = "Manage sites.",
        subcommands = {SitesCommand.Add.class, SitesCommand.ListSites.class})
public final class SitesCommand {

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create a site.")
    static final class Add implements Callable<Integer> {
        @Mixin
        SettingsOptions settings;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--time-zone", required = true, description = "IANA time zone, e.g. Europe/Zurich")
        String timeZone;

        @Option(names = "--language", defaultValue = "en", description = "Phone language: en, de, fr, it, ... (default: ${DEFAULT-VALUE})")
        String language;

        @Option(names = "--ntp", split = ",", description = "NTP servers (default: pool.ntp.org)")
        List<String> ntp = List.of("pool.ntp.org");

        @Option(names = "--registrar", description = "host[:port] of the SIP registrar (default: Phonehome itself)")
        String registrar;

        @Option(names = "--registrar-transport", defaultValue = "udp", description = "udp, tcp or tls")
        String registrarTransport;

        @Option(names = "--provisioning-url", description = "Base URL phones re-check (default: the URL they used)")
        String provisioningUrl;

        @Option(names = "--auth", split = ",", description = "Accepted proofs for per-MAC files: digest, client_cert, network, window (default: digest,client_cert)")
        List<String> auth = List.of("digest", "client_cert");

        @Option(names = "--trusted-network", split = ",", description = "CIDRs trusted when 'network' is accepted")
        List<String> trusted = List.of();

        @Option(names = "--digest-user", description = "Site-wide provisioning user (as in an RPS or DHCP URL)")
        String digestUser;

        @Option(names = "--digest-password", description = "Site-wide provisioning password (at least 12 characters)")
        String digestPassword;

        @Option(names = "--first-provisioning-minutes", defaultValue = "0", description = "Window after import with 'window' auth")
        int window;

        @Option(names = "--syslog", description = "host[:port] of a syslog server for the phones")
        String syslog;

        @Override
        public Integer call() {
            Registrar reg = null;
            if (registrar != null) {
                String[] hp = registrar.split(":", 2);
                Transport t = Transport.parse(registrarTransport);
                reg = new Registrar(hp[0], hp.length > 1 ? Integer.parseInt(hp[1]) : t.defaultPort(), t);
            }
            SiteSpec spec = new SiteSpec(name, timeZone, ntp, language, reg, null, provisioningUrl, 1440, null, syslog,
                    AuthMethod.parseList(String.join(",", auth)), trusted, digestUser, digestPassword, window);
            try (OfflineInventory inv = new OfflineInventory(settings.load())) {
                Site s = inv.inventory.createSite(spec);
                System.out.println("created site " + s.id() + " '" + s.name() + "' (" + s.timeZone() + ")");
            }
            return Main.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List sites.")
    static final class ListSites implements Callable<Integer> {
        @Mixin
        SettingsOptions settings;

        @Override
        public Integer call() {
            try (OfflineInventory inv = new OfflineInventory(settings.load())) {
                System.out.printf("%-5s %-30s %-22s %-6s %s%n", "ID", "NAME", "TIME ZONE", "LANG", "AUTH");
                for (Site s : inv.inventory.sites().list()) {
                    System.out.printf("%-5d %-30s %-22s %-6s %s%n", s.id(), s.name(), s.timeZone(), s.language(), AuthMethod.format(s.authMethods()));
                }
            }
            return Main.OK;
        }
    }
}
