package io.phonehome.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Runs SIPp ({@code sip-tester}) against the server on loopback: scenarios from
 * {@code src/test/resources/sip/sipp}, injection files written per run, every process bounded by
 * {@code timeout}, SIPp's own {@code -timeout} and a wait here, and stopped by its PID, never by
 * name (other engineers run SIPp on this machine too). Local ports are chosen free at runtime.
 */
public final class Sipp {
    private static final Path SCENARIOS = Path.of("src/test/resources/sip/sipp").toAbsolutePath();

    /** A finished (or still running) SIPp process and where its traces are. */
    public static final class Run {
        private final Process process;
        private final Path dir;
        private final String name;

        Run(Process process, Path dir, String name) {
            this.process = process;
            this.dir = dir;
            this.name = name;
        }

        /** Waits for the end; SIPp's exit code: 0 all calls succeeded, 1 some failed. */
        public int await(long seconds) {
            try {
                if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                    process.destroy();
                    if (!process.waitFor(3, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                    return -999;
                }
                return process.exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                return -998;
            }
        }

        /** Waits until this SIPp has bound its UDP port (a UAS is ready); fails with its output when it died. */
        public void awaitBound(int udpPort) {
            long deadline = System.currentTimeMillis() + 5_000;
            while (System.currentTimeMillis() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("SIPp exited (" + process.exitValue() + ") before binding port " + udpPort + ": " + output());
                }
                try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), udpPort))) {
                    // still free: SIPp is not up yet
                } catch (java.net.SocketException bound) {
                    return;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            throw new AssertionError("SIPp did not bind UDP port " + udpPort + " within 5 s: " + output());
        }

        public void stop() {
            process.destroy();
        }

        /**
         * The header lines of the first request of {@code method} this SIPp received, from its
         * message trace ({@code -trace_msg}), exactly as they came over the wire.
         */
        public List<String> receivedRequestHeaders(String method) {
            try (var files = Files.list(dir)) {
                for (Path p : files.filter(f -> f.getFileName().toString().endsWith("_messages.log")).toList()) {
                    String[] blocks = Files.readString(p, StandardCharsets.ISO_8859_1).split("\n-{20,}[^\n]*\n");
                    for (String block : blocks) {
                        int start = block.indexOf("message received");
                        if (start < 0) {
                            continue;
                        }
                        List<String> lines = block.substring(start).lines().skip(1).dropWhile(String::isBlank).toList();
                        if (!lines.isEmpty() && lines.get(0).startsWith(method + " ")) {
                            return lines.stream().skip(1).takeWhile(l -> !l.isBlank()).toList();
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            throw new AssertionError("no " + method + " received: " + output());
        }

        /** SIPp's console output and error log, for assertion messages. */
        public String output() {
            StringBuilder sb = new StringBuilder();
            try (var files = Files.list(dir)) {
                for (Path p : files.filter(f -> f.getFileName().toString().endsWith("_errors.log") || f.getFileName().toString().endsWith("_messages.log")
                        || f.getFileName().toString().equals("out.txt"))
                        .toList()) {
                    String text = Files.readString(p, StandardCharsets.ISO_8859_1);
                    sb.append("== ").append(p.getFileName()).append("\n").append(text.length() > 60000 ? text.substring(text.length() - 60000) : text);
                }
            } catch (IOException e) {
                sb.append("(cannot read SIPp output: ").append(e.getMessage()).append(')');
            }
            return name + " in " + dir + "\n" + sb;
        }
    }

    private Sipp() {
    }

    /** Fails the test run early with a clear message when SIPp is missing (CI installs it from .ci/run). */
    public static void requireInstalled() {
        try {
            Process p = new ProcessBuilder("sipp", "-v").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new AssertionError("sipp (Debian package sip-tester) is required by the SIP integration tests: apt-get install sip-tester", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A UDP port free right now on 127.0.0.1 (SIPp binds it a moment later). Chosen below the
     * kernel's ephemeral range (32768 and up on Linux), where no socket of this or another process
     * gets a port without asking for it by number: a port from port 0 could be handed to the next
     * outgoing socket of the test itself before SIPp binds it.
     */
    public static int freeUdpPort() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(20_000, 32_000);
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            try (DatagramSocket udp = new DatagramSocket(address); ServerSocket tcp = new ServerSocket()) {
                tcp.bind(address); // scenarios over TCP bind the same number
                return port;
            } catch (IOException taken) {
                // someone holds it: try another
            }
        }
        throw new IllegalStateException("no free UDP port between 20000 and 32000 on 127.0.0.1");
    }


    /** Writes a SIPp injection file (first line SEQUENTIAL) and returns its path. */
    public static Path injection(Path dir, List<String> rows) {
        try {
            Files.createDirectories(dir);
            Path f = Files.createTempFile(dir, "inf", ".csv");
            List<String> lines = new ArrayList<>();
            lines.add("SEQUENTIAL");
            lines.addAll(rows);
            Files.write(f, lines);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The row SIPp's scenarios expect: user;password;[authentication ...] (see register-auth.xml). */
    public static String credentials(String user, String authUser, String password) {
        return user + ";" + password + ";[authentication username=" + authUser + " password=" + password + "]";
    }

    /**
     * Starts SIPp with a scenario (a file under src/test/resources/sip/sipp, or a path), in its own
     * directory under {@code workDir}.
     *
     * @param target    "127.0.0.1:port" for a client scenario, or null for a server (UAS) scenario
     * @param localPort the port SIPp binds
     * @param keys      -key values (domain, expires...)
     * @param extra     further SIPp arguments
     */
    public static Run start(Path workDir, String scenario, String target, int localPort, String transport, Path injection, int calls,
                            int maxSeconds, Map<String, String> keys, String... extra) {
        try {
            Path sf = scenario.contains("/") ? Path.of(scenario) : SCENARIOS.resolve(scenario);
            Path dir = Files.createTempDirectory(Files.createDirectories(workDir), sf.getFileName().toString().replace(".xml", "-"));
            List<String> cmd = new ArrayList<>(List.of("timeout", "-k", "3", Integer.toString(maxSeconds + 10), "sipp"));
            if (target != null) {
                cmd.add(target);
            }
            cmd.addAll(List.of("-sf", sf.toString(), "-i", "127.0.0.1", "-p", Integer.toString(localPort), "-t", transport, "-m",
                    Integer.toString(calls), "-nostdin", "-default_behaviors", "all,-bye", "-timeout", maxSeconds + "s", "-timeout_error",
                    "-trace_err", "-trace_msg", "-max_log_size", "2000000"));
            if (injection != null) {
                cmd.addAll(List.of("-inf", injection.toString()));
            }
            for (Map.Entry<String, String> k : keys.entrySet()) {
                cmd.addAll(List.of("-key", k.getKey(), k.getValue()));
            }
            cmd.addAll(List.of(extra));
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("out.txt").toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            return new Run(p, dir, sf.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a scenario template and replaces ${NAME} placeholders, for scenarios that differ in one response code. */
    public static Path fromTemplate(Path workDir, String template, Map<String, String> values) {
        try (InputStream in = Files.newInputStream(SCENARIOS.resolve(template))) {
            String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            for (Map.Entry<String, String> v : values.entrySet()) {
                text = text.replace("${" + v.getKey() + "}", v.getValue());
            }
            Files.createDirectories(workDir);
            Path out = Files.createTempFile(workDir, template.replace(".xml", "-"), ".xml");
            Files.writeString(out, text, StandardCharsets.ISO_8859_1);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
