package io.phonehome.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.Mac;
import io.phonehome.testing.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input from the phone side: a clear 4xx, nothing written, the server unaffected. Raw
 * requests go over a TLS socket so that nothing (no HTTP client) normalises them first.
 */
class BadRequestIT {
    static TestServer server;
    static final String UA = "Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:00:03";

    @BeforeAll
    static void start() {
        server = new TestServer();
        server.createSite("Shop", "Europe/Zurich");
        assertThat(server.importCsv("mac,model,site\n805ec0aa0003,T46U,Shop\n805ec0aa0007,T46U,Shop\n").errors()).isEmpty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Sends raw bytes over TLS and returns the status line ("" when the server just closed the connection). */
    static String raw(String request) throws Exception {
        var ctx = io.phonehome.pki.TlsContexts.clientTrusting(server.server().certificateAuthority().caCertificate());
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", server.server().httpsPort())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (java.io.IOException closedWhileSending) {
                // the server may refuse a huge request before it is all sent; its answer (if any) is still readable
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            try {
                String line = in.readLine();
                return line == null ? "" : line;
            } catch (java.io.IOException reset) {
                return "";
            }
        }
    }

    @Test
    void pathTraversalInAnySpellingIsRefusedWith400() throws Exception {
        for (String path : new String[] {"/../data/phonehome.mv.db", "/yealink/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                "/..%2f..%2fetc%2fpasswd", "/a\\..\\b.cfg", "//etc/passwd", "/./805ec0aa0003.cfg"}) {
            String status = raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: " + UA + "\r\nConnection: close\r\n\r\n");
            assertThat(status).as(path).matches("HTTP/1\\.1 400 .*");
        }
    }

    @Test
    void unknownFileNamesAre404() {
        for (String f : new String[] {"index.html", "phonehome.mv.db", "805ec0aa0003-local.cfg", "805ec0aa0003.txt", "cfg", "templates"}) {
            assertThat(server.get(f, UA).statusCode()).as(f).isEqualTo(404);
        }
        assertThat(server.get("", UA).statusCode()).isEqualTo(404);
    }

    @Test
    void malformedMacsInFileNamesAreNotServed() {
        for (String f : new String[] {"805ec0aa003.cfg", "805ec0aa00033.cfg", "805ec0zz0003.cfg", "000000000000.cfg", "ffffffffffff.cfg"}) {
            int status = server.get(f, UA).statusCode();
            assertThat(status).as(f).isIn(400, 404);
        }
    }

    @Test
    void aMacInTheUserAgentThatDisagreesWithThePathIsRefusedAndLogged() throws Exception {
        HttpResponse<String> r = server.get("805ec0aa0003.cfg", "Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:00:99");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("does not match");
        String log = Files.readString(server.server().securityLog().file());
        assertThat(log).contains("event=mac_mismatch").contains("mac=805ec0aa0003").contains("agent_mac=805ec0aa0099");
    }

    @Test
    void oversizedHeadersGetAClear4xxAndTheServerKeepsServing() throws Exception {
        String big = "x".repeat(20_000);
        String status = raw("GET /y000000000108.cfg HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: " + UA + "\r\nX-Big: " + big
                + "\r\nConnection: close\r\n\r\n");
        assertThat(status).matches("HTTP/1\\.1 4\\d\\d .*");
        String huge = raw("GET /y000000000108.cfg HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Huge: " + "y".repeat(200_000) + "\r\n\r\n");
        assertThat(huge).satisfiesAnyOf(s -> assertThat(s).matches("HTTP/1\\.1 4\\d\\d .*"), s -> assertThat(s).isEmpty());
        assertThat(server.get("y000000000108.cfg", UA).statusCode()).isEqualTo(200);
    }

    @Test
    void onlyGetAndHeadAreServed() throws Exception {
        assertThat(raw("DELETE /805ec0aa0003.cfg HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")).contains(" 405 ");
        assertThat(raw("POST /805ec0aa0003.cfg HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc")).contains(" 405 ");
        assertThat(raw("HEAD /y000000000108.cfg HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: " + UA + "\r\nConnection: close\r\n\r\n")).contains(" 200 ");
    }

    @Test
    void garbageInsteadOfHttpDoesNotHurtTheServer() throws Exception {
        raw("\u0000\u0001\u0002 not http at all\r\n\r\n");
        raw("GET / HTTP/9.9\r\n\r\n");
        assertThat(server.get("y000000000108.cfg", UA).statusCode()).isEqualTo(200);
    }

    @Test
    void badRequestsWriteNothingToTheDevice() {
        String ua7 = "Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:00:07";
        server.get("805ec0aa0007.cfg", "Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:00:99");
        server.get("805ec0aa0007.cfg", "Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:00:07", "X-Big", "x".repeat(20_000));
        server.get("805ec0aa0007.cfg", ua7, "Authorization", "Digest username=\"805ec0aa0007\", broken");
        server.flushRecords();
        var d = server.server().inventory().devices().findByMac(Mac.parse("805ec0aa0007")).orElseThrow();
        assertThat(d.lastSeen()).isNull();
        assertThat(d.reportedFirmware()).isNull();
    }
}
