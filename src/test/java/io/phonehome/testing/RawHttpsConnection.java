package io.phonehome.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One keep-alive HTTPS/1.1 connection written by hand, for floods and timing: requests can be
 * pipelined (written in a batch, answers read in order), and the time of one request is not
 * blurred by a client library's pool and threads.
 */
public final class RawHttpsConnection implements AutoCloseable {
    private final SSLSocket socket;
    private final OutputStream out;
    private final InputStream in;

    /** An answer: status, header lines as sent (lower-case names), body. */
    public record Answer(int status, List<String> headers, byte[] body) {
        public String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            for (String h : headers) {
                if (h.startsWith(prefix)) {
                    return h.substring(prefix.length()).trim();
                }
            }
            return null;
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    public RawHttpsConnection(SSLContext ctx, int port) {
        this(ctx, null, port);
    }

    /**
     * @param localAddress the loopback address the connection comes from (127.0.0.3, say: a phone
     *                     that is neither the test nor a proxy), or null for the default
     */
    public RawHttpsConnection(SSLContext ctx, String localAddress, int port) {
        try {
            socket = (SSLSocket) ctx.getSocketFactory().createSocket();
            if (localAddress != null) {
                socket.bind(new java.net.InetSocketAddress(localAddress, 0));
            }
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(20_000);
            socket.startHandshake();
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of {@code GET /path} with a User-Agent and extra header lines. */
    public static byte[] get(String path, String userAgent, String... headerLines) {
        StringBuilder sb = new StringBuilder("GET /").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        if (userAgent != null) {
            sb.append("User-Agent: ").append(userAgent).append("\r\n");
        }
        for (String h : headerLines) {
            sb.append(h).append("\r\n");
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    public void write(byte[] requests) {
        try {
            out.write(requests);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the next answer (bodies are always framed by Content-Length here). */
    public Answer read() {
        try {
            String status = line();
            int code = Integer.parseInt(status.substring(9, 12));
            List<String> headers = new ArrayList<>();
            int length = 0;
            for (String h = line(); !h.isEmpty(); h = line()) {
                String lower = h.toLowerCase(Locale.ROOT);
                headers.add(lower.substring(0, lower.indexOf(':') + 1) + h.substring(h.indexOf(':') + 1));
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(h.substring(15).trim());
                }
            }
            byte[] body = in.readNBytes(length);
            return new Answer(code, headers, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One request, its answer. */
    public Answer exchange(byte[] request) {
        write(request);
        return read();
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a test connection: nothing to do
        }
    }
}
