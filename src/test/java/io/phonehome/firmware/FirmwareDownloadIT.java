package io.phonehome.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.events.Event;
import io.phonehome.events.EventQuery;
import io.phonehome.events.EventTypes;
import io.phonehome.inventory.Device;
import io.phonehome.inventory.Mac;
import io.phonehome.testing.FakeFirmware;
import io.phonehome.testing.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Firmware images downloaded over real HTTPS from the provisioning listener, the way phones do. */
class FirmwareDownloadIT {
    static TestServer server;
    static byte[] t46u;
    static byte[] big;
    static final String T46U_UA = "Yealink SIP-T46U 108.86.0.10 80:5e:c0:aa:00:01";
    static final String OTHER_UA = "Yealink SIP-T46U 108.86.0.10 80:5e:c0:aa:00:02";
    static final String LAN_UA = "Yealink SIP-T46U 108.86.0.10 80:5e:c0:bb:00:01";
    static final String T54W_UA = "Yealink SIP-T54W 96.86.0.10 80:5e:c0:aa:00:03";
    static final String IMAGE = "firmware/yealink/108.86.0.20/";

    @BeforeAll
    static void start() {
        server = new TestServer();
        server.createSite("Shop", "Europe/Zurich");
        server.createSite("Branch", "Europe/Berlin");
        server.createTrustingSite("Lan", "Europe/Zurich");
        assertThat(server.importCsv("mac,model,serial,site,extension,display_name,handset\n"
                + "805ec0aa0001,T46U,,Shop,,A,\n"
                + "805ec0aa0002,T46U,,Branch,,B,\n"
                + "805ec0aa0003,T54W,,Shop,,C,\n"
                + "805ec0bb0001,T46U,,Lan,,D,\n").errors()).isEmpty();
        Path data = server.dataDir().resolve("firmware");
        t46u = FakeFirmware.write(data, "yealink/T46U-108.86.0.20.rom", 300_000);
        big = FakeFirmware.write(data, "yealink/T46U-108.86.0.21.rom", 32 << 20);
        server.server().firmware().catalog().refresh();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Device device(String mac) {
        return server.server().inventory().devices().findByMac(Mac.parse(mac)).orElseThrow();
    }

    static String url(String mac, String name) {
        String version = name.replaceAll("^T46U-(.*)\\.rom$", "$1");
        return "firmware/yealink/" + version + "/" + DownloadTokens.segment(device(mac)) + "/" + name;
    }

    static String etag() {
        return server.server().firmware().catalog().find("yealink", "T46U", "108.86.0.20", ImageKind.DEVICE).orElseThrow().etag();
    }

    @Test
    void servesTheWholeImageToTheDeviceWhoseTokenTheUrlCarries() {
        HttpResponse<byte[]> r = server.getBytes(url("805ec0aa0001", "T46U-108.86.0.20.rom"), T46U_UA);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(t46u);
        assertThat(r.headers().firstValue("ETag")).contains(etag());
        assertThat(r.headers().firstValue("Accept-Ranges")).contains("bytes");
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(t46u.length);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/octet-stream");
    }

    @Test
    void resumesFromARangeWith206AndTheMatchingBytes() {
        String u = url("805ec0aa0001", "T46U-108.86.0.20.rom");
        HttpResponse<byte[]> from = server.getBytes(u, T46U_UA, "Range", "bytes=100000-");
        assertThat(from.statusCode()).isEqualTo(206);
        assertThat(from.headers().firstValue("Content-Range")).contains("bytes 100000-299999/300000");
        assertThat(from.body()).isEqualTo(Arrays.copyOfRange(t46u, 100_000, 300_000));

        HttpResponse<byte[]> slice = server.getBytes(u, T46U_UA, "Range", "bytes=10-19");
        assertThat(slice.statusCode()).isEqualTo(206);
        assertThat(slice.body()).isEqualTo(Arrays.copyOfRange(t46u, 10, 20));

        HttpResponse<byte[]> tail = server.getBytes(u, T46U_UA, "Range", "bytes=-5");
        assertThat(tail.headers().firstValue("Content-Range")).contains("bytes 299995-299999/300000");
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(t46u, 299_995, 300_000));

        // several ranges at once: the whole image, which RFC 9110 allows
        HttpResponse<byte[]> multi = server.getBytes(u, T46U_UA, "Range", "bytes=0-1,5-6");
        assertThat(multi.statusCode()).isEqualTo(200);
        assertThat(multi.body()).isEqualTo(t46u);
    }

    @Test
    void answers416ForARangeBeyondTheEnd() {
        HttpResponse<byte[]> r = server.getBytes(url("805ec0aa0001", "T46U-108.86.0.20.rom"), T46U_UA, "Range", "bytes=300000-");
        assertThat(r.statusCode()).isEqualTo(416);
        assertThat(r.headers().firstValue("Content-Range")).contains("bytes */300000");
    }

    @Test
    void answers304ToTheSameETagAndSendsItAllWhenIfRangeNamesAnother() {
        String u = url("805ec0aa0001", "T46U-108.86.0.20.rom");
        HttpResponse<byte[]> same = server.getBytes(u, T46U_UA, "If-None-Match", etag());
        assertThat(same.statusCode()).isEqualTo(304);
        assertThat(same.body()).isEmpty();
        HttpResponse<byte[]> changed = server.getBytes(u, T46U_UA, "If-None-Match", "\"0123\"");
        assertThat(changed.statusCode()).isEqualTo(200);

        HttpResponse<byte[]> stale = server.getBytes(u, T46U_UA, "Range", "bytes=100-", "If-Range", "\"an-older-image\"");
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(t46u);
        HttpResponse<byte[]> fresh = server.getBytes(u, T46U_UA, "Range", "bytes=100-", "If-Range", etag());
        assertThat(fresh.statusCode()).isEqualTo(206);
    }

    @Test
    void refusesWithoutProofWithAnotherDevicesTokenOrAForgedOne() {
        // no token, site does not trust the network
        assertThat(server.getBytes(IMAGE + "T46U-108.86.0.20.rom", T46U_UA).statusCode()).isEqualTo(403);
        // A's token, B's User-Agent (another site)
        assertThat(server.getBytes(url("805ec0aa0001", "T46U-108.86.0.20.rom"), OTHER_UA).statusCode()).isEqualTo(403);
        // forged tag
        assertThat(server.getBytes(IMAGE + "805ec0aa0001-" + "0".repeat(32) + "/T46U-108.86.0.20.rom", T46U_UA).statusCode()).isEqualTo(403);
        // unknown MAC on a trusted network, and no User-Agent at all
        assertThat(server.getBytes(IMAGE + "T46U-108.86.0.20.rom", "Yealink SIP-T46U 108.86.0.10 80:5e:c0:ee:ee:ee").statusCode()).isEqualTo(403);
        assertThat(server.getBytes(IMAGE + "T46U-108.86.0.20.rom", null).statusCode()).isEqualTo(403);
        // a token still opens only the catalog's images
        assertThat(server.getBytes(url("805ec0aa0001", "T46U-108.86.0.99.rom"), T46U_UA).statusCode()).isEqualTo(404);
        assertThat(server.getBytes("firmware/yealink/108.86.0.20/../../phonehome-ca.pem", T46U_UA).statusCode()).isEqualTo(400);
        awaitEvent(e -> e.outcome().equals("denied") && e.detail().contains("auth=agent_mismatch"));
    }

    @Test
    void servesADeviceOnItsSitesTrustedNetworkWithoutToken() {
        HttpResponse<byte[]> r = server.getBytes(IMAGE + "T46U-108.86.0.20.rom", LAN_UA, "Range", "bytes=0-99");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.body()).isEqualTo(Arrays.copyOfRange(t46u, 0, 100));
    }

    @Test
    void refusesAnImageForAnotherModel() {
        HttpResponse<byte[]> r = server.getBytes(url("805ec0aa0003", "T46U-108.86.0.20.rom"), T54W_UA);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("not for this device's model");
        awaitEvent(e -> e.outcome().equals("wrong_model"));
    }

    @Test
    void headAnswersHeadersOnlyAndOtherMethodsAreRefused() throws Exception {
        var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + url("805ec0aa0001", "T46U-108.86.0.20.rom")))
                .header("User-Agent", T46U_UA).method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<byte[]> head = server.client().send(req, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(t46u.length);
        assertThat(head.body()).isEmpty();
        var post = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + url("805ec0aa0001", "T46U-108.86.0.20.rom")))
                .header("User-Agent", T46U_UA).POST(java.net.http.HttpRequest.BodyPublishers.ofString("x")).build();
        assertThat(server.client().send(post, HttpResponse.BodyHandlers.ofByteArray()).statusCode()).isEqualTo(405);
    }

    @Test
    void recordsEveryDownloadWithTheBytesActuallySentEvenWhenThePhoneHangsUp() throws Exception {
        String u = url("805ec0aa0001", "T46U-108.86.0.21.rom");
        HttpResponse<byte[]> full = server.getBytes(u, T46U_UA, "Range", "bytes=1000-");
        assertThat(full.statusCode()).isEqualTo(206);
        assertThat(FakeFirmware.sha256(full.body())).isEqualTo(FakeFirmware.sha256(Arrays.copyOfRange(big, 1000, big.length)));
        awaitEvent(e -> e.outcome().equals("ok") && e.detail().contains("108.86.0.21") && e.detail().contains("bytes_sent=" + (big.length - 1000))
                && e.mac().equals("805ec0aa0001"));

        // a phone that goes away after 64 KB (power cut: the TCP connection is reset, no TLS goodbye):
        // the event says how much it really got
        try (java.net.Socket tcp = new java.net.Socket("127.0.0.1", server.server().httpsPort())) {
            SSLSocket s = (SSLSocket) io.phonehome.pki.TlsContexts.clientTrusting(server.server().certificateAuthority().caCertificate())
                    .getSocketFactory().createSocket(tcp, "127.0.0.1", server.server().httpsPort(), false);
            OutputStream out = s.getOutputStream();
            out.write(("GET /" + u + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: " + T46U_UA + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[65536];
            int total = 0;
            while (total < 65536) {
                int n = in.read(buf, 0, buf.length);
                if (n < 0) {
                    break;
                }
                total += n;
            }
            tcp.setSoLinger(true, 0);
        }
        Event cut = awaitEvent(e -> e.outcome().equals("incomplete") && e.detail().contains("108.86.0.21"));
        long sent = Long.parseLong(cut.detail().replaceAll(".*bytes_sent=(\\d+).*", "$1"));
        assertThat(sent).isGreaterThan(0).isLessThan(big.length);
    }

    static Event awaitEvent(Predicate<Event> p) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            server.flushRecords();
            List<Event> evs = server.server().events().query(new EventQuery(null, null, EventTypes.FIRMWARE_DOWNLOAD, null, null, null, 200));
            for (Event e : evs) {
                if (p.test(e)) {
                    return e;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no matching firmware_download event: "
                + server.server().events().query(new EventQuery(null, null, EventTypes.FIRMWARE_DOWNLOAD, null, null, null, 20)));
    }
}
