package io.phonehome.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A raw SIP endpoint on loopback for tests: sends hand-written messages over UDP, TCP or TLS and
 * reads what comes back, with no SIP library in between (the server's jain-sip must not grade its
 * own homework). Also a minimal phone: REGISTER with the digest dance.
 */
public final class SipTestClient implements AutoCloseable {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final String transport;
    private final int serverPort;
    private final DatagramSocket udp;
    private final Socket stream;
    private final InputStream in;
    private final OutputStream out;

    private SipTestClient(String transport, int serverPort, DatagramSocket udp, Socket stream) throws IOException {
        this.transport = transport;
        this.serverPort = serverPort;
        this.udp = udp;
        this.stream = stream;
        this.in = stream == null ? null : stream.getInputStream();
        this.out = stream == null ? null : stream.getOutputStream();
    }

    public static SipTestClient udp(int serverPort) {
        return udp(serverPort, LOOPBACK);
    }

    /** A UDP client bound to another loopback address (127.0.0.2...), to play a second source. */
    public static SipTestClient udp(int serverPort, InetAddress local) {
        try {
            DatagramSocket s = new DatagramSocket(new InetSocketAddress(local, 0));
            s.connect(new InetSocketAddress(LOOPBACK, serverPort));
            return new SipTestClient("UDP", serverPort, s, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SipTestClient tcp(int serverPort) {
        try {
            Socket s = new Socket();
            s.connect(new InetSocketAddress(LOOPBACK, serverPort), 5_000);
            return new SipTestClient("TCP", serverPort, null, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A TCP client from another loopback address (127.0.0.2...), to play a second source. */
    public static SipTestClient tcp(int serverPort, InetAddress local) {
        try {
            Socket s = new Socket();
            s.bind(new InetSocketAddress(local, 0));
            s.connect(new InetSocketAddress(LOOPBACK, serverPort), 5_000);
            return new SipTestClient("TCP", serverPort, null, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SipTestClient tls(int serverPort, SSLContext trusting) {
        try {
            SSLSocket s = (SSLSocket) trusting.getSocketFactory().createSocket();
            s.connect(new InetSocketAddress(LOOPBACK, serverPort), 5_000);
            s.startHandshake();
            return new SipTestClient("TLS", serverPort, null, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String transport() {
        return transport;
    }

    public int localPort() {
        return udp != null ? udp.getLocalPort() : stream.getLocalPort();
    }

    public int serverPort() {
        return serverPort;
    }

    /** Sends text as is (the caller writes CRLF line ends). */
    public void send(String message) {
        sendBytes(message.getBytes(StandardCharsets.UTF_8));
    }

    public void sendBytes(byte[] bytes) {
        try {
            if (udp != null) {
                udp.send(new DatagramPacket(bytes, bytes.length));
            } else {
                out.write(bytes);
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next message, or null when none arrives in time. */
    public SipMessage receive(long timeoutMillis) {
        try {
            if (udp != null) {
                udp.setSoTimeout((int) Math.max(1, timeoutMillis));
                byte[] buf = new byte[65535];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                udp.receive(p);
                return SipMessage.parse(p.getData(), p.getLength());
            }
            stream.setSoTimeout((int) Math.max(1, timeoutMillis));
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int state = 0;
            while (state < 4) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                if (head.size() == 0 && (b == '\r' || b == '\n')) {
                    continue; // keepalive CRLFs between messages
                }
                head.write(b);
                state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
            }
            String h = head.toString(StandardCharsets.UTF_8);
            int length = 0;
            for (String line : h.split("\r\n")) {
                String l = line.toLowerCase(Locale.ROOT);
                if (l.startsWith("content-length:") || l.startsWith("l:")) {
                    length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            byte[] body = in.readNBytes(length);
            byte[] all = new byte[head.size() + body.length];
            System.arraycopy(head.toByteArray(), 0, all, 0, head.size());
            System.arraycopy(body, 0, all, head.size(), body.length);
            return SipMessage.parse(all, all.length);
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The next final response (1xx skipped), or null. */
    public SipMessage receiveFinal(long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return null;
            }
            SipMessage m = receive(left);
            if (m == null) {
                return null;
            }
            if (m.isResponse() && m.status() >= 200) {
                return m;
            }
        }
    }

    /** Sends and waits (5 s) for the final response. */
    public SipMessage exchange(String message) {
        send(message);
        return receiveFinal(5_000);
    }

    public static String branch() {
        return "z9hG4bK" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** {@code sip:<user>@127.0.0.1:<our port>;transport=<t>}: where this client can be reached. */
    public String contact(String user) {
        return "sip:" + user + "@127.0.0.1:" + localPort() + ";transport=" + transport.toLowerCase(Locale.ROOT);
    }

    /**
     * A REGISTER for {@code extension}; {@code expires} null leaves Expires out, {@code contact}
     * null leaves Contact out, {@code extra} lines are added as given (e.g. "Authorization: ...").
     */
    public String register(String extension, String callId, long cseq, String contact, Integer expires, String userAgent, String... extra) {
        StringBuilder sb = new StringBuilder();
        sb.append("REGISTER sip:127.0.0.1:").append(serverPort).append(" SIP/2.0\r\n");
        sb.append("Via: SIP/2.0/").append(transport).append(" 127.0.0.1:").append(localPort()).append(";branch=").append(branch())
                .append(";rport\r\n");
        sb.append("Max-Forwards: 70\r\n");
        sb.append("From: <sip:").append(extension).append("@127.0.0.1>;tag=").append(Integer.toHexString(callId.hashCode())).append("\r\n");
        sb.append("To: <sip:").append(extension).append("@127.0.0.1>\r\n");
        sb.append("Call-ID: ").append(callId).append("\r\n");
        sb.append("CSeq: ").append(cseq).append(" REGISTER\r\n");
        if (contact != null) {
            sb.append("Contact: ").append(contact.startsWith("<") || contact.equals("*") ? contact : "<" + contact + ">").append("\r\n");
        }
        if (expires != null) {
            sb.append("Expires: ").append(expires).append("\r\n");
        }
        if (userAgent != null) {
            sb.append("User-Agent: ").append(userAgent).append("\r\n");
        }
        for (String e : extra) {
            sb.append(e).append("\r\n");
        }
        sb.append("Content-Length: 0\r\n\r\n");
        return sb.toString();
    }

    /** The Request-URI this client puts on its REGISTERs (the digest uri). */
    public String registerUri() {
        return "sip:127.0.0.1:" + serverPort;
    }

    /**
     * REGISTER, answer the 401 with digest (first challenge offered, or the one with
     * {@code algorithm}), return the final response to the authenticated request.
     */
    public SipMessage registerWithDigest(String extension, String authUser, String password, String callId, long cseq, String contact,
                                         Integer expires, String userAgent, String algorithm) {
        SipMessage challenge = exchange(register(extension, callId, cseq, contact, expires, userAgent));
        if (challenge == null || challenge.status() != 401) {
            return challenge;
        }
        String www = challenge.all("www-authenticate").stream()
                .filter(c -> algorithm == null || c.toUpperCase(Locale.ROOT).contains("ALGORITHM=" + algorithm.toUpperCase(Locale.ROOT)))
                .findFirst().orElseThrow(() -> new AssertionError("no challenge for " + algorithm + " in " + challenge.toText()));
        String auth = TestDigest.sipAuthorization(www, "REGISTER", registerUri(), authUser, password, 1);
        return exchange(register(extension, callId, cseq + 1, contact, expires, userAgent, "Authorization: " + auth));
    }

    @Override
    public void close() {
        try {
            if (udp != null) {
                udp.close();
            }
            if (stream != null) {
                stream.close();
            }
        } catch (IOException e) {
            // closing a test socket
        }
    }
}
