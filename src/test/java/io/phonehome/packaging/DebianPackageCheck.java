package io.phonehome.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Debian package as an operator meets it, on this machine: {@code dpkg -i} the package that
 * {@code mvn package} built, start the service the way its systemd unit does (the unit's own
 * {@code ExecStart} and {@code User}; systemd itself does not run in CI), add a site and a phone
 * with the {@code phonehome} command, fetch that phone's config over HTTPS; reinstall over it (an
 * upgrade) and find data and changed settings kept; purge and find only the data left.
 *
 * <p>Run by failsafe after {@code package} ({@code *PackageCheck}), as root only: installing a
 * package needs it (CI runs as root). It refuses to touch a machine where a {@code phonehome}
 * package is installed already, so it never harms a real installation.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebianPackageCheck {
    private static final Path UNIT = Path.of("/lib/systemd/system/phonehome.service");
    private static final Path DATA = Path.of("/var/lib/phonehome");
    private static final Path SETTINGS = Path.of("/etc/phonehome/phonehome.properties");
    private static final String MAC = "805ec0dd0042";
    private static final String UA = "Yealink SIP-T46U 108.86.0.10 80:5e:c0:dd:00:42";
    private static Path deb;
    private static Process server;
    private static final Map<String, String> PORTS = new java.util.HashMap<>();

    static {
        // the server's certificate names its public host, not 127.0.0.1: the chain is checked, not the name
        System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
    }

    @BeforeAll
    static void install() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "installing a Debian package needs root (CI runs as root)");
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            deb = s.filter(p -> p.getFileName().toString().matches("phonehome_.*_all\\.deb")).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/phonehome_*_all.deb: mvn package builds it"));
        }
        assertThat(run("dpkg-query", "-W", "-f=${Status}", "phonehome").output())
                .as("a phonehome package is installed on this machine already: this check will not touch it")
                .doesNotContain("installed");
        for (String name : List.of("PHONEHOME_HTTPS_PORT", "PHONEHOME_ADMIN_PORT", "PHONEHOME_SIP_PORT", "PHONEHOME_SIP_TLS_PORT")) {
            PORTS.put(name, Integer.toString(freePort()));
        }
        Result r = run("dpkg", "-i", deb.toString());
        assertThat(r.code()).as(r.output()).isZero();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        stop();
        if (deb != null) {
            run("dpkg", "--purge", "phonehome");
            run("rm", "-rf", DATA.toString());
            run("deluser", "--system", "--quiet", "phonehome");
            run("delgroup", "--system", "--quiet", "phonehome");
        }
    }

    @Test
    @Order(1)
    void installsTheCommandTheServiceUnitASystemUserAndPrivateDirectories() throws Exception {
        assertThat(Path.of("/usr/bin/phonehome")).isExecutable();
        assertThat(Path.of("/usr/share/phonehome/phonehome.jar")).isRegularFile();
        assertThat(run("id", "-u", "phonehome").code()).isZero();
        assertThat(run("getent", "passwd", "phonehome").output()).contains("/usr/sbin/nologin");
        assertThat(Files.getOwner(DATA).getName()).isEqualTo("phonehome");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(DATA))).isEqualTo("rwxr-x---");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(SETTINGS))).isEqualTo("rw-r-----");
        assertThat(Files.readString(SETTINGS)).contains("data_dir=/var/lib/phonehome");
        String unit = Files.readString(UNIT);
        assertThat(unit).contains("User=phonehome", "NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes",
                "ReadWritePaths=/var/lib/phonehome /var/log/phonehome", "CapabilityBoundingSet=\n");
    }

    @Test
    @Order(2)
    void theServiceStartedAsItsUnitSaysServesAPhoneItsConfig() throws Exception {
        start();
        assertThat(cli("sites", "add", "Packaged", "--time-zone", "Europe/Zurich", "--auth", "network", "--trusted-network", "127.0.0.0/8")
                .output()).contains("created site");
        Path csv = Files.createTempFile("phones", ".csv");
        Files.writeString(csv, "mac,model,site,line,extension,display_name\n" + MAC + ",T46U,Packaged,1,200,Reception\n");
        Result imported = cli("import", csv.toString());
        assertThat(imported.code()).as(imported.output()).isZero();
        assertThat(fetch().body()).contains("account.1.user_name = 200");
        assertThat(Files.exists(DATA.resolve("phonehome.mv.db"))).isTrue();
    }

    @Test
    @Order(3)
    void anUpgradeKeepsTheDataAndTheOperatorsSettings() throws Exception {
        stop();
        Files.writeString(SETTINGS, Files.readString(SETTINGS) + "# changed by the operator\n");
        Result r = run("dpkg", "-i", deb.toString());
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(Files.readString(SETTINGS)).contains("# changed by the operator");
        start();
        assertThat(fetch().body()).contains("account.1.user_name = 200");
    }

    @Test
    @Order(4)
    void purgeRemovesWhatThePackageInstalledAndKeepsTheCustomersData() throws Exception {
        stop();
        Result r = run("dpkg", "--purge", "phonehome");
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).contains("data kept in /var/lib/phonehome");
        assertThat(Path.of("/usr/bin/phonehome")).doesNotExist();
        assertThat(Path.of("/etc/phonehome")).doesNotExist();
        assertThat(Path.of("/var/log/phonehome")).doesNotExist();
        assertThat(UNIT).doesNotExist();
        assertThat(DATA.resolve("phonehome.mv.db")).exists();
    }

    // ------------------------------------------------------------------ helpers

    /** The unit's ExecStart as its User, with its Environment, on free ports (systemd is not running here). */
    private static void start() throws Exception {
        String unit = Files.readString(UNIT);
        String exec = line(unit, "ExecStart=");
        String user = line(unit, "User=");
        List<String> cmd = new ArrayList<>(List.of("runuser", "-u", user, "--", "env"));
        for (String l : unit.split("\n")) {
            if (l.startsWith("Environment=")) {
                cmd.add(l.substring("Environment=".length()));
            }
        }
        PORTS.forEach((k, v) -> cmd.add(k + "=" + v));
        cmd.addAll(List.of(exec.split(" ")));
        Path log = Files.createTempFile("phonehome-service", ".log");
        server = new ProcessBuilder(cmd).directory(Path.of("/").toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!Files.readString(log).contains("admin API at")) {
            assertThat(server.isAlive()).as("the service stopped: " + Files.readString(log)).isTrue();
            assertThat(System.nanoTime()).as("the service did not start in 90 s: " + Files.readString(log)).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static void stop() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroy(); // runuser passes SIGTERM on: the server's shutdown hook runs, as under systemd
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
        }
        server = null;
    }

    private static String line(String unit, String prefix) {
        return unit.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length()).trim();
    }

    /** The operator's command, as root, finding the service's settings by itself. */
    private static Result cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("env", "PHONEHOME_ADMIN_PORT=" + PORTS.get("PHONEHOME_ADMIN_PORT"), "/usr/bin/phonehome"));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new));
    }

    private static HttpResponse<String> fetch() throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(DATA.resolve("pki/ca.pem"))) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + PORTS.get("PHONEHOME_HTTPS_PORT") + "/" + MAC + ".cfg"))
                .header("User-Agent", UA).timeout(Duration.ofSeconds(20)).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    record Result(int code, String output) {
    }

    private static Result run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", cmd));
        }
        return new Result(p.exitValue(), out);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
