package io.phonehome.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code phonehome contacts ...} against a running server: dry run, import, list, a site's phonebook, delete, and exit codes. */
class ContactsCliIT {
    static TestServer server;

    @TempDir
    Path tmp;


    @BeforeAll
    static void start() {
        server = new TestServer();
        server.createSite("Zurich HQ", "Europe/Zurich");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static CliIT.Result run(String... args) {
        return CliIT.runAgainst(server, args);
    }

    @Test
    void anInstallerImportsContactsChecksThemAndGivesASiteTheFleetPhonebook() throws IOException {
        Path csv = Files.writeString(tmp.resolve("contacts.csv"), "name;company;office;mobile;site\n"
                + "Hans Huber;Huber AG;+41 44 123 45 67;079 123 45 67;Zurich HQ\nIT Helpdesk;;0800 123 456;;\n");
        CliIT.Result dry = run("contacts", "import", csv.toString(), "--dry-run");
        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("Dry run, nothing written: 2 row(s): 2 contact(s) new");
        assertThat(run("contacts", "list").out()).doesNotContain("Hans Huber");

        CliIT.Result imported = run("contacts", "import", csv.toString());
        assertThat(imported.code()).isZero();
        assertThat(imported.out()).contains("Imported 2 row(s): 2 contact(s) new, 0 updated");
        CliIT.Result list = run("contacts", "list");
        assertThat(list.out()).contains("Hans Huber").contains("+41441234567").contains("(fleet)").contains("IT Helpdesk");

        assertThat(run("contacts", "phonebook", "Zurich HQ").out()).contains("phonebook site");
        assertThat(run("contacts", "phonebook", "Zurich HQ", "--scope", "fleet").out()).contains("phonebook fleet");
        CliIT.Result bad = run("contacts", "phonebook", "Zurich HQ", "--scope", "everything");
        assertThat(bad.code()).isNotZero();
        assertThat(bad.err()).contains("scope must be");

        String id = list.out().lines().filter(l -> l.contains("IT Helpdesk")).findFirst().orElseThrow().trim().split("\\s+")[0];
        assertThat(run("contacts", "delete", id).code()).isZero();
        assertThat(run("contacts", "list").out()).doesNotContain("IT Helpdesk");
    }

    @Test
    void aRefusedImportPrintsEachRowProblemAndExitsWithTheInvalidInputCode() throws IOException {
        Path csv = Files.writeString(tmp.resolve("bad.csv"), "name,office,site\nNobody,,\nSomeone,044 1,Atlantis\n");
        CliIT.Result r = run("contacts", "import", csv.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("Import refused, nothing was changed");
        assertThat(run("contacts", "list").out()).doesNotContain("Nobody").doesNotContain("Someone");
    }
}
