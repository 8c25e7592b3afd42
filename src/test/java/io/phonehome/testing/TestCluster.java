package io.phonehome.testing;

import io.phonehome.config.Setting;
import io.phonehome.pki.TlsContexts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * Several {@code phonehome serve} processes on one PostgreSQL database (issue 16), each with its
 * own data directory and free ports, sharing the first node's PKI (its {@code pki/} directory is
 * copied to the others before they start), optionally behind a real HAProxy in TCP mode with
 * PROXY protocol v2 and health checks on {@code /health/ready}. A node can be killed ({@code kill
 * -9}) and started again on its ports.
 *
 * <p>HAProxy reaches the nodes from 127.0.0.2 (its {@code source}), which is the one trusted
 * proxy; the test itself talks to a node directly from 127.0.0.1 (readiness, direct fetches), which
 * the rule lets through as an ordinary client.
 */
public final class TestCluster implements AutoCloseable {
    /** The address HAProxy connects to the nodes from: the nodes' {@code trusted_proxies}. */
    public static final String PROXY_SOURCE = "127.0.0.2";
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    /** What to start. */
    public static final class Options {
        int nodes = 3;
        boolean haproxy = true;
        String dbUrl;
        final Map<Setting, String> common = new EnumMap<>(Setting.class);
        final Map<Integer, Map<Setting, String>> perNode = new HashMap<>();
        List<String> jvmOptions = List.of("-Xmx320m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

        public Options nodes(int n) {
            this.nodes = n;
            return this;
        }

        public Options haproxy(boolean on) {
            this.haproxy = on;
            return this;
        }

        /** A setting for every node. */
        public Options set(Setting s, String value) {
            common.put(s, value);
            return this;
        }

        /** A setting for node {@code index} only (on top of the common ones). */
        public Options set(int index, Setting s, String value) {
            perNode.computeIfAbsent(index, i -> new EnumMap<>(Setting.class)).put(s, value);
            return this;
        }

        /** The database to use (a test fills it first); default: a new one from {@link TestPostgres}. */
        public Options database(String url) {
            this.dbUrl = url;
            return this;
        }

        public Options jvmOptions(List<String> options) {
            this.jvmOptions = List.copyOf(options);
            return this;
        }
    }

    /** One node: its process, directory and ports. */
    public final class Node {
        private final int index;
        private final Path dataDir;
        private final int httpsPort;
        private final int adminPort;
        private final Map<Setting, String> settings;
        private final List<String> output = Collections.synchronizedList(new ArrayList<>());
        private Process process;

        Node(int index, Path dataDir, int httpsPort, int adminPort, Map<Setting, String> settings) {
            this.index = index;
            this.dataDir = dataDir;
            this.httpsPort = httpsPort;
            this.adminPort = adminPort;
            this.settings = settings;
        }

        public int index() {
            return index;
        }

        public Path dataDir() {
            return dataDir;
        }

        public int httpsPort() {
            return httpsPort;
        }

        public int adminPort() {
            return adminPort;
        }

        public boolean alive() {
            return process != null && process.isAlive();
        }

        /** The node's console output so far (for failure messages). */
        public String output() {
            synchronized (output) {
                return String.join("\n", output.subList(Math.max(0, output.size() - 80), output.size()));
            }
        }

        synchronized void launch() {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(options.jvmOptions);
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.phonehome.Main", "serve"));
            for (Map.Entry<Setting, String> e : settings.entrySet()) {
                if (e.getKey() != Setting.DB_PASSWORD) {
                    cmd.add("--" + e.getKey().key().replace('_', '-') + "=" + e.getValue());
                }
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            // the password through the environment, not the process list
            pb.environment().put("PHONEHOME_DB_PASSWORD", settings.get(Setting.DB_PASSWORD));
            try {
                process = pb.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Process p = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        output.add(line);
                    }
                } catch (IOException e) {
                    // the stream ends with the process
                }
            }, "node-" + index + "-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits until {@code /health/ready} on the node's admin listener answers 200. */
        void awaitReady() {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            HttpClient c = null;
            while (System.nanoTime() < deadline) {
                if (!alive()) {
                    throw new IllegalStateException("node " + index + " exited during start:\n" + output());
                }
                if (c == null) {
                    // the first node writes the CA as it starts; the others have its copy
                    if (!Files.exists(nodes.get(0).dataDir().resolve("pki").resolve("ca.pem"))) {
                        sleep(300);
                        continue;
                    }
                    c = HttpClient.newBuilder().sslContext(clientTls()).connectTimeout(Duration.ofSeconds(2)).build();
                }
                try {
                    HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + adminPort + "/health/ready"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                sleep(300);
            }
            throw new IllegalStateException("node " + index + " not ready within " + START_TIMEOUT + ":\n" + output());
        }

        /** {@code kill -9}: no shutdown hook, no flush, as a crash. */
        public void kill() {
            Process p = process;
            if (p != null) {
                p.destroyForcibly();
                try {
                    p.waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** SIGTERM and wait: the orderly stop. */
        public void stop() {
            Process p = process;
            if (p != null && p.isAlive()) {
                p.destroy();
                try {
                    if (!p.waitFor(60, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** Starts the node again on the same directory and ports, and waits until it is ready. */
        public void restart() {
            stop();
            launch();
            awaitReady();
        }
    }

    private final Options options;
    private final Path root;
    private final String dbUrl;
    private final List<Node> nodes = new ArrayList<>();
    private Process haproxy;
    private int haproxyHttpsPort = -1;
    private int haproxyAdminPort = -1;
    private Path haproxyStats;
    private SSLContext clientTls;

    private TestCluster(Options options) throws IOException {
        this.options = options;
        this.root = Files.createTempDirectory("phonehome-cluster");
        this.dbUrl = options.dbUrl != null ? options.dbUrl : TestPostgres.get().createDatabase();
    }

    public static Options options() {
        return new Options();
    }

    /** Starts the nodes (the first alone, then the others at once), then HAProxy, and waits for all. */
    public static TestCluster start(Options options) {
        TestCluster c;
        try {
            c = new TestCluster(options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            c.startAll();
            return c;
        } catch (RuntimeException | Error e) {
            c.close();
            throw e;
        }
    }

    private void startAll() {
        for (int i = 0; i < options.nodes; i++) {
            Path dir = root.resolve("node" + i);
            Map<Setting, String> s = new EnumMap<>(Setting.class);
            s.put(Setting.DATA_DIR, dir.toString());
            s.put(Setting.BIND, "127.0.0.1");
            s.put(Setting.HTTPS_PORT, String.valueOf(freePort()));
            s.put(Setting.ADMIN_BIND, "127.0.0.1");
            s.put(Setting.ADMIN_PORT, String.valueOf(freePort()));
            s.put(Setting.TEMPLATES_DIR, TestServer.REPO_TEMPLATES.toString());
            s.put(Setting.FIRMWARE_DIR, dir.resolve("installed-firmware").toString());
            s.put(Setting.SIP_ENABLED, "false");
            s.put(Setting.DB_URL, dbUrl);
            s.put(Setting.DB_USER, TestPostgres.USER);
            s.put(Setting.DB_PASSWORD, TestPostgres.PASSWORD);
            s.put(Setting.DB_POOL_SIZE, "4");
            s.put(Setting.WORKER_THREADS, "8");
            if (options.haproxy) {
                s.put(Setting.TRUSTED_PROXIES, PROXY_SOURCE);
            }
            s.putAll(options.common);
            s.putAll(options.perNode.getOrDefault(i, Map.of()));
            nodes.add(new Node(i, dir, Integer.parseInt(s.get(Setting.HTTPS_PORT)), Integer.parseInt(s.get(Setting.ADMIN_PORT)), s));
        }
        // the first node creates the CA and the schema's first rows alone; the others share its PKI
        Node first = nodes.get(0);
        first.launch();
        first.awaitReady();
        for (Node n : nodes.subList(1, nodes.size())) {
            copyTree(first.dataDir().resolve("pki"), n.dataDir().resolve("pki"));
            n.launch();
        }
        nodes.subList(1, nodes.size()).forEach(Node::awaitReady);
        if (options.haproxy) {
            startHaproxy();
        }
    }

    public Node node(int index) {
        return nodes.get(index);
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /** The JDBC URL of the cluster's database (user {@link TestPostgres#USER}). */
    public String dbUrl() {
        return dbUrl;
    }

    /** The phones' port on HAProxy. */
    public int haproxyHttpsPort() {
        return haproxyHttpsPort;
    }

    /** The admin API's port on HAProxy. */
    public int haproxyAdminPort() {
        return haproxyAdminPort;
    }

    /** The bootstrap admin token (written by the first node; valid on every node: tokens are rows). */
    public String adminToken() {
        try {
            return Files.readString(nodes.get(0).dataDir().resolve("admin-token")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client context trusting the cluster's CA (the first node's, shared by all). */
    public synchronized SSLContext clientTls() {
        if (clientTls == null) {
            try (InputStream in = Files.newInputStream(nodes.get(0).dataDir().resolve("pki").resolve("ca.pem"))) {
                X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
                clientTls = TlsContexts.clientTrusting(ca);
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the cluster's CA", e);
            }
        }
        return clientTls;
    }

    /** HAProxy's {@code show stat}: sessions each phone-backend server took, by node index. */
    public Map<Integer, Long> phoneSessionsByNode() {
        Map<Integer, Long> sessions = new HashMap<>();
        for (String line : haproxyCommand("show stat").split("\n")) {
            String[] f = line.split(",");
            // pxname,svname,qcur,qmax,scur,smax,slim,stot,...
            if (f.length > 7 && f[0].equals("phones") && f[1].startsWith("n")) {
                sessions.put(Integer.parseInt(f[1].substring(1)), Long.parseLong(f[7]));
            }
        }
        return sessions;
    }

    /** HAProxy's view of a node: "UP", "DOWN", ... in the phone backend. */
    public String haproxyStatus(int node) {
        for (String line : haproxyCommand("show stat").split("\n")) {
            String[] f = line.split(",");
            if (f.length > 17 && f[0].equals("phones") && f[1].equals("n" + node)) {
                return f[17];
            }
        }
        return "?";
    }

    private String haproxyCommand(String command) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(haproxyStats));
            ch.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            while (ch.read(buf) > 0) {
                // until HAProxy closes the socket after its answer
            }
            buf.flip();
            return StandardCharsets.US_ASCII.decode(buf).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startHaproxy() {
        if (!Files.isExecutable(HAPROXY)) {
            throw new IllegalStateException("no " + HAPROXY + ": install haproxy (apt-get install haproxy)");
        }
        haproxyHttpsPort = freePort();
        haproxyAdminPort = freePort();
        Path dir = root.resolve("haproxy");
        haproxyStats = dir.resolve("stats.sock");
        StringBuilder cfg = new StringBuilder();
        cfg.append("global\n  maxconn 4000\n  stats socket ").append(haproxyStats).append(" mode 600 level admin\n\n")
                .append("defaults\n  mode tcp\n  timeout connect 3s\n  timeout client 60s\n  timeout server 60s\n")
                // a connection refused by a dead node is tried again on another one
                .append("  retries 2\n  option redispatch\n\n");
        appendProxy(cfg, "phones", haproxyHttpsPort, true);
        appendProxy(cfg, "admin", haproxyAdminPort, false);
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("haproxy.cfg");
            Files.writeString(file, cfg.toString());
            haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", file.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!haproxy.isAlive()) {
                throw new IllegalStateException("haproxy exited: " + readQuietly(dir.resolve("haproxy.log")));
            }
            if (Files.exists(haproxyStats) && nodes.stream().allMatch(n -> !n.alive() || "UP".equals(haproxyStatus(n.index())))) {
                return;
            }
            sleep(200);
        }
        throw new IllegalStateException("haproxy did not see every node up: " + haproxyCommand("show stat"));
    }

    private void appendProxy(StringBuilder cfg, String name, int port, boolean phones) {
        cfg.append("frontend ").append(name).append("\n  bind 127.0.0.1:").append(port).append("\n  default_backend ").append(name).append("\n\n");
        cfg.append("backend ").append(name).append("\n  balance roundrobin\n")
                // readiness on each node's admin listener; TLS and the PROXY header as real traffic has them
                .append("  option httpchk\n  http-check send meth GET uri /health/ready\n")
                // a check may take seconds on a loaded machine: only a refused or silent node is down
                .append("  timeout check 5s\n")
                .append("  default-server inter 500ms fall 2 rise 2 check-ssl verify none check-send-proxy\n");
        for (Node n : nodes) {
            cfg.append("  server n").append(n.index()).append(" 127.0.0.1:").append(phones ? n.httpsPort() : n.adminPort())
                    .append(" source ").append(PROXY_SOURCE).append(" send-proxy-v2 check port ").append(n.adminPort()).append('\n');
        }
        cfg.append('\n');
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** A free TCP port on loopback, picked by the kernel (the node binds it a moment later). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether something accepts TCP connections on {@code port} (for waiting on HAProxy). */
    public static boolean accepting(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (haproxy != null) {
            haproxy.destroyForcibly();
        }
        nodes.parallelStream().forEach(Node::stop);
    }
}
