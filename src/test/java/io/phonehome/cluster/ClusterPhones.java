package io.phonehome.cluster;

import io.phonehome.inventory.Inventory;
import io.phonehome.inventory.Mac;
import io.phonehome.inventory.SiteSpec;
import io.phonehome.phones.VendorRegistry;
import io.phonehome.store.Database;
import io.phonehome.testing.RawHttpsConnection;
import io.phonehome.testing.TestDigest;
import io.phonehome.testing.TestPostgres;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * The phones of the cluster tests: Yealink T46U on one site with a site digest credential, each
 * fetching its own file with its own credentials (user = MAC, its generated password), one new
 * TLS connection per request, so HAProxy spreads them and a challenge from one node is answered
 * on another.
 */
final class ClusterPhones implements AutoCloseable {
    record Phone(String mac, String password) {
        String file() {
            return mac + ".cfg";
        }

        String userAgent() {
            StringBuilder colons = new StringBuilder();
            for (int i = 0; i < 12; i += 2) {
                colons.append(i == 0 ? "" : ":").append(mac, i, i + 2);
            }
            return "Yealink SIP-T46U 108.86.0.20 " + colons;
        }
    }

    final String dbUrl;
    final Database database;
    final Inventory inventory;
    final List<Phone> phones = new ArrayList<>();

    /** A new database with {@code count} phones in it, before any node starts. */
    ClusterPhones(int count) {
        this.dbUrl = TestPostgres.get().createDatabase();
        this.database = Database.open(dbUrl, TestPostgres.USER, TestPostgres.PASSWORD, 2);
        this.inventory = new Inventory(database.jdbc(), VendorRegistry.builtIn().models());
        inventory.createSite(SiteSpec.named("Shop", "Europe/Zurich").withDigest("site-shop", "site-secret-shop-abcdefgh"));
        StringBuilder csv = new StringBuilder("mac,model,site\n");
        for (int i = 0; i < count; i++) {
            csv.append(String.format("805ec0bb%04x,T46U,Shop%n", i));
        }
        try {
            var report = inventory.importer().run(new StringReader(csv.toString()), io.phonehome.inventory.DeviceImport.Mode.CREATE_ONLY, false);
            if (!report.errors().isEmpty()) {
                throw new IllegalStateException("import: " + report.errors());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (int i = 0; i < count; i++) {
            String mac = String.format("805ec0bb%04x", i);
            phones.add(new Phone(mac, inventory.devices().findByMac(Mac.parse(mac)).orElseThrow().provPassword()));
        }
    }

    /** One GET on its own connection, from {@code localAddress} to {@code port}. */
    static RawHttpsConnection.Answer get(SSLContext tls, String localAddress, int port, String path, String userAgent, String... headerLines) {
        try (RawHttpsConnection c = new RawHttpsConnection(tls, localAddress, port)) {
            return c.exchange(RawHttpsConnection.get(path, userAgent, headerLines));
        }
    }

    /**
     * What a phone does: asks, gets the challenge, answers it on a new connection. The two
     * connections may reach two different nodes (HAProxy's round robin); {@code answerPort} lets a
     * test send the answer to a node of its choice.
     */
    static RawHttpsConnection.Answer fetch(SSLContext tls, String localAddress, int askPort, int answerPort, Phone p) {
        RawHttpsConnection.Answer challenge = get(tls, localAddress, askPort, p.file(), p.userAgent());
        if (challenge.status() != 401) {
            return challenge;
        }
        String auth = TestDigest.authorization(challenge.header("WWW-Authenticate"), "GET", "/" + p.file(), p.mac(), p.password(), 1);
        return get(tls, localAddress, answerPort, p.file(), p.userAgent(), "Authorization: " + auth);
    }

    @Override
    public void close() {
        database.close();
    }
}
