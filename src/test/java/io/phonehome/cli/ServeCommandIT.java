package io.phonehome.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code phonehome serve} as a separate process on a fresh data directory: it creates the
 * database and the CA on first start, serves HTTPS, keeps private keys owner-only, and stops
 * cleanly on SIGTERM.
 */
class ServeCommandIT {
    @TempDir
    Path data;

    @Test
    void firstStartCreatesDatabaseAndCaServesHttpsAndStopsCleanlyOnSigterm() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.phonehome.Main", "serve",
                "--data-dir=" + data, "--bind", "127.0.0.1", "--https-port=0", "--admin-port=0", "--templates-dir=" + Path.of("templates").toAbsolutePath(),
                // the SIP core starts too, on free ports: 5060 may be taken on a shared machine
                "--sip-port=0", "--sip-tls-port=0"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CompletableFuture<Integer> portFound = new java.util.concurrent.CompletableFuture<>();
        // Read the process output on its own thread: SIGTERM closes nothing we still need to read.
        Thread reader = new Thread(() -> {
            Pattern listening = Pattern.compile("listening on https://127\\.0\\.0\\.1:(\\d+)/");
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    output.add(line);
                    Matcher m = listening.matcher(line);
                    if (m.find()) {
                        portFound.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (java.io.IOException e) {
                // the stream ends with the process
            }
            portFound.complete(-1);
        });
        reader.start();
        try {
            int port = portFound.get(60, TimeUnit.SECONDS);
            assertThat(port).as(String.join("\n", output)).isPositive();
            assertThat(data.resolve("phonehome.mv.db")).exists();
            assertThat(data.resolve("pki/ca.pem")).exists();
            assertThat(Files.getPosixFilePermissions(data.resolve("pki/ca-key.pem")))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            assertThat(Files.getPosixFilePermissions(data.resolve("pki/server-key.pem")))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

            var ca = io.phonehome.pki.Pem.readCertificates(data.resolve("pki/ca.pem")).get(0);
            HttpClient client = HttpClient.newBuilder().sslContext(io.phonehome.pki.TlsContexts.clientTrusting(ca)).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/phonehome-ca.pem"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).startsWith("-----BEGIN CERTIFICATE-----");

            // the bootstrap admin token: written on first start, owner-only, and it opens the admin API
            assertThat(Files.getPosixFilePermissions(data.resolve("admin-token")))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            Matcher admin = output.stream().map(l -> Pattern.compile("admin API at https://127\\.0\\.0\\.1:(\\d+)/").matcher(l))
                    .filter(Matcher::find).findFirst().orElseThrow();
            HttpResponse<String> me = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + admin.group(1) + "/api/v1/me"))
                    .header("Authorization", "Bearer " + Files.readString(data.resolve("admin-token")).trim())
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
            assertThat(me.body()).contains("\"role\":\"admin\"");

            // SIGTERM, as an init system sends it
            new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(5_000);
            assertThat(p.exitValue()).isIn(0, 143);
            assertThat(output).anySatisfy(l -> assertThat(l).contains("Phonehome stopped"));
            assertThat(output).noneSatisfy(l -> assertThat(l).contains("ERROR"));
            // the same log, rolled, in the data directory
            String logFile = Files.readString(data.resolve("logs/phonehome.log"));
            assertThat(logFile).contains("listening on https://127.0.0.1:" + port + "/").contains("Phonehome stopped");
        } finally {
            p.destroyForcibly();
        }
    }
}
