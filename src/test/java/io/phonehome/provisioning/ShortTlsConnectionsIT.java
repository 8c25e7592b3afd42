package io.phonehome.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.testing.TestServer;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A boot storm is thousands of TLS connections that each fetch a file and close. What one such
 * connection costs the server must be gone with it, not left for a full collection: each TLS
 * engine used to get a 16 KiB direct buffer of its own that only a full collection freed, to copy a
 * response through (http.OneDirectBufferSink now hands it one direct buffer) and, for a client that
 * closes with a TLS alert as curl does, to read that alert (pki.ThreadDirectBuffers).
 */
class ShortTlsConnectionsIT {
    static final String UA = "Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:11:01";
    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
        server.createTrustingSite("Thun", "Europe/Zurich");
        assertThat(server.importCsv("mac,model,site\n805ec0aa1101,T46U,Thun\n").errors()).isEmpty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /**
     * {@code n} fetches, each on its own connection, by curl: a client in another process, so that
     * the direct buffers counted here are the server's only (the JDK's own TLS client keeps some).
     * Returns curl's status code per fetch.
     */
    static List<String> fetchOnNewConnections(int n) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "--no-sessionid", "--cacert",
                server.dataDir().resolve("pki/ca.pem").toString(), "-A", UA, "-H", "Connection: close"));
        for (int i = 0; i < n; i++) {
            cmd.addAll(List.of("-o", "/dev/null", "-w", "%{http_code} %{num_connects}\\n",
                    "https://127.0.0.1:" + server.server().httpsPort() + "/805ec0aa1101.cfg"));
        }
        Process curl = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out.lines().toList();
    }

    static long directBuffers() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(p -> p.getName().equals("direct")).mapToLong(BufferPoolMXBean::getCount).sum();
    }

    @Test
    void aStormOfShortConnectionsLeavesNoDirectBufferPerConnectionBehind() throws Exception {
        fetchOnNewConnections(20);   // the threads that serve phones have their own buffers by now
        long before = directBuffers();

        List<String> fetches = fetchOnNewConnections(300);

        assertThat(fetches).hasSize(300).allSatisfy(f -> assertThat(f).as("status, new connections").isEqualTo("200 1"));
        assertThat(directBuffers() - before).as("direct buffers left by 300 connections").isLessThan(60);
    }
}
