package io.phonehome.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * Let's Encrypt's ACME test server (Debian's {@code pebble}, installed by .ci/run) on free
 * loopback ports, with an HTTPS certificate from a {@link TestCertificates} CA, validating http-01
 * challenges on {@code challengePort} and tls-alpn-01 challenges on {@code tlsPort}. Close it after use.
 */
public final class Pebble implements AutoCloseable {
    private final Process process;
    private final int port;
    private final int managementPort;
    private final TestCertificates tls;
    private final Path log;

    public Pebble(Path dir, int challengePort) {
        this(dir, challengePort, freePort());
    }

    /** Validating tls-alpn-01 by connecting to {@code tlsPort} (a Phonehome phone listener's). */
    public Pebble(Path dir, int challengePort, int tlsPort) {
        this.tls = new TestCertificates();
        this.port = freePort();
        this.managementPort = freePort();
        Path cert = dir.resolve("pebble-cert.pem");
        Path key = dir.resolve("pebble-key.pem");
        tls.issue("localhost", 30).writeTo(cert, key);
        Path config = dir.resolve("pebble-config.json");
        this.log = dir.resolve("pebble.log");
        try {
            Files.writeString(config, """
                    {"pebble": {"listenAddress": "127.0.0.1:%d", "managementListenAddress": "127.0.0.1:%d",
                     "certificate": "%s", "privateKey": "%s", "httpPort": %d, "tlsPort": %d,
                     "ocspResponderURL": "", "externalAccountBindingRequired": false}}
                    """.formatted(port, managementPort, cert, key, challengePort, tlsPort));
            ProcessBuilder pb = new ProcessBuilder("pebble", "-config", config.toString()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            // no sleeps before validation, and no nonces rejected at random: the test is about Phonehome, not retries
            pb.environment().put("PEBBLE_VA_NOSLEEP", "1");
            pb.environment().put("PEBBLE_WFE_NONCEREJECT", "0");
            this.process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.currentTimeMillis() + 30_000;
        while (!accepts(port)) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("pebble did not start: " + logText());
            }
            sleep(100);
        }
    }

    /** The ACME directory URL. */
    public String directory() {
        return "https://127.0.0.1:" + port + "/dir";
    }

    /** The CA that Pebble's own HTTPS certificate comes from (what Phonehome's acme_trust_file names). */
    public X509Certificate httpsCa() {
        return tls.ca();
    }

    /** The root Pebble issues certificates under (new for every Pebble run), from its management interface. */
    public X509Certificate issuingRoot() {
        try {
            HttpClient c = HttpClient.newBuilder().sslContext(tls.client()).build();
            String pem = c.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + managementPort + "/roots/0")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            List<X509Certificate> certs = io.phonehome.pki.Pem.readCertificates(new java.io.StringReader(pem), "pebble root");
            return certs.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A TCP port on loopback free right now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
