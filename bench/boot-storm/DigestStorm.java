// A boot-storm client that behaves like a phone with per-device digest credentials:
// per phone a NEW TLS connection (full handshake, no session resumption), GET <mac>.cfg,
// read the 401 challenge, answer it on the same connection, read the 200, close.
// With --no-auth it does the single GET a phone on a trusted network does, so the two
// modes are measured with the same client and their ratio is the cost of digest.
//
// Run (Java 17 source launcher): java DigestStorm.java https://127.0.0.1:18443/ CA.pem PASSWORDS.tsv 200 30 [--no-auth] [--rate=N]
//   PASSWORDS.tsv: mac<TAB>password per line (the devices' own provisioning passwords)
//   --rate=N: start at most N phones per second in all (open loop, up to the 200 in flight), so
//   both modes are measured at the same load: a closed loop lets the client's own speed set the
//   rate, and the server's fixed background work per second is then shared by more or fewer phones
// Prints one line: RESULT mode=.. phones=.. rps=.. p50_ms=.. p99_ms=.. errors=..
import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.security.*;
import java.security.cert.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;
import javax.net.ssl.*;

public class DigestStorm {
    public static void main(String[] a) throws Exception {
        URI base = URI.create(a[0]);
        X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(Path.of(a[1])));
        List<String[]> devices = new ArrayList<>();
        for (String l : Files.readAllLines(Path.of(a[2]))) {
            if (!l.isBlank()) devices.add(l.split("\t"));
        }
        int conns = Integer.parseInt(a[3]);
        int seconds = Integer.parseInt(a[4]);
        boolean auth = true;
        double rate = 0;
        for (int i = 5; i < a.length; i++) {
            if (a[i].equals("--no-auth")) auth = false;
            else if (a[i].startsWith("--rate=")) rate = Double.parseDouble(a[i].substring("--rate=".length()));
            else throw new IllegalArgumentException("unknown option " + a[i]);
        }
        final boolean withAuth = auth;
        // the start time of the next phone, shared by all workers (rate 0: no pacing)
        long interval = rate > 0 ? (long) (1e9 / rate) : 0;
        AtomicLong nextStart = new AtomicLong(System.nanoTime());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(null, tmf.getTrustManagers(), null);
        SSLSocketFactory f = ctx.getSocketFactory();

        long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        long end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
        ConcurrentLinkedQueue<long[]> lat = new ConcurrentLinkedQueue<>();
        AtomicLong ok = new AtomicLong(), errors = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(conns);
        for (int t = 0; t < conns; t++) {
            pool.submit(() -> {
                Random rnd = new Random();
                long[] mine = new long[200_000];
                int n = 0;
                while (System.nanoTime() < end) {
                    if (interval > 0) {
                        // a start more than 100 ms late is dropped rather than made up for: a client
                        // falling behind (its own JIT warming up) must not come back as a burst
                        long at = nextStart.updateAndGet(v -> Math.max(v, System.nanoTime() - 100_000_000L) + interval) - interval;
                        long wait = at - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        if (System.nanoTime() >= end) break;
                    }
                    String[] d = devices.get(rnd.nextInt(devices.size()));
                    long t0 = System.nanoTime();
                    try {
                        phone(f, base, d[0], d[1], withAuth);
                        long t1 = System.nanoTime();
                        if (t0 >= warmupEnd) {
                            ok.incrementAndGet();
                            if (n < mine.length) mine[n++] = t1 - t0;
                        }
                    } catch (Exception e) {
                        if (t0 >= warmupEnd) errors.incrementAndGet();
                    }
                }
                lat.add(Arrays.copyOf(mine, n));
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 60, TimeUnit.SECONDS);
        long[] all = lat.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        double p50 = all.length == 0 ? 0 : all[all.length / 2] / 1e6;
        double p99 = all.length == 0 ? 0 : all[(int) (all.length * 0.99)] / 1e6;
        System.out.printf(Locale.ROOT, "RESULT mode=%s phones=%d rps=%.1f p50_ms=%.1f p99_ms=%.1f errors=%d conns=%d secs=%d target_rps=%s%n",
                auth ? "digest" : "trusted-network", ok.get(), ok.get() / (double) seconds, p50, p99, errors.get(), conns, seconds,
                rate > 0 ? String.format(Locale.ROOT, "%.0f", rate) : "none");
    }

    /** One phone boot: a fresh TLS connection (host null: nothing to resume), one or two requests. */
    static void phone(SSLSocketFactory f, URI base, String mac, String password, boolean auth) throws Exception {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
            plain.setSoTimeout(15000);
            try (SSLSocket s = (SSLSocket) f.createSocket(plain, null, base.getPort(), true)) {
                s.startHandshake();
                String path = "/" + mac + ".cfg";
                String ua = "Yealink SIP-T46S 66.86.0.15 " + colons(mac);
                OutputStream out = s.getOutputStream();
                BufferedInputStream in = new BufferedInputStream(s.getInputStream());
                out.write(("GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\nUser-Agent: " + ua
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Response r = read(in);
                if (!auth) {
                    if (r.status != 200) throw new IOException("status " + r.status);
                    return;
                }
                if (r.status != 401) throw new IOException("expected 401, got " + r.status);
                Map<String, String> c = params(r.wwwAuthenticate);
                String cnonce = Long.toHexString(System.nanoTime());
                String ha1 = md5(mac + ":" + c.get("realm") + ":" + password);
                String ha2 = md5("GET:" + path);
                String resp = md5(ha1 + ":" + c.get("nonce") + ":00000001:" + cnonce + ":auth:" + ha2);
                String authz = "Digest username=\"" + mac + "\", realm=\"" + c.get("realm") + "\", nonce=\"" + c.get("nonce")
                        + "\", uri=\"" + path + "\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"" + cnonce + "\", response=\"" + resp + "\"";
                out.write(("GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\nUser-Agent: " + ua
                        + "\r\nAuthorization: " + authz + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Response r2 = read(in);
                if (r2.status != 200) throw new IOException("status " + r2.status);
            }
        }
    }

    record Response(int status, String wwwAuthenticate) {}

    static Response read(BufferedInputStream in) throws IOException {
        String status = line(in);
        if (status == null) throw new EOFException();
        int code = Integer.parseInt(status.split(" ")[1]);
        int length = 0;
        String www = null;
        String l;
        while ((l = line(in)) != null && !l.isEmpty()) {
            int colon = l.indexOf(':');
            String name = l.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = l.substring(colon + 1).trim();
            if (name.equals("content-length")) length = Integer.parseInt(value);
            if (name.equals("www-authenticate")) www = value;
        }
        in.readNBytes(length);
        return new Response(code, www);
    }

    static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') return sb.toString().stripTrailing();
            sb.append((char) c);
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    static Map<String, String> params(String h) {
        Map<String, String> m = new HashMap<>();
        java.util.regex.Matcher x = java.util.regex.Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]*))").matcher(h.substring(7));
        while (x.find()) m.put(x.group(1), x.group(2) != null ? x.group(2) : x.group(3));
        return m;
    }

    static String colons(String mac) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 12; i += 2) sb.append(i > 0 ? ":" : "").append(mac, i, i + 2);
        return sb.toString();
    }

    static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
