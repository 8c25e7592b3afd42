package io.phonehome.sip;

import io.phonehome.inventory.Line;
import io.phonehome.testing.SipMessage;
import io.phonehome.testing.SipTestClient;
import io.phonehome.testing.TestDigest;
import io.phonehome.testing.TestServer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

/** A phone's subscriber side over UDP: SUBSCRIBEs with digest, NOTIFYs answered and kept in order. */
final class SipWatcher implements AutoCloseable {
    final TestServer server;
    final SipTestClient client;
    final Line line;
    final Deque<SipMessage> notifies = new ArrayDeque<>();
    final List<String[]> open = new ArrayList<>();
    int answerNotifiesWith = 200;
    String lastSent;

    SipWatcher(TestServer server, Line line) {
        this(server, line, SipTestClient.udp(server.server().sipPort()));
    }

    SipWatcher(TestServer server, Line line, SipTestClient client) {
        this.server = server;
        this.client = client;
        this.line = line;
    }

    String uri(String watched) {
        return "sip:" + watched + "@127.0.0.1:" + server.server().sipPort();
    }

    String subscribeText(String watched, String event, Integer expires, String callId, String fromTag, String toTag, long cseq,
                         String... extra) {
        StringBuilder sb = new StringBuilder();
        sb.append("SUBSCRIBE ").append(uri(watched)).append(" SIP/2.0\r\n");
        sb.append("Via: SIP/2.0/").append(client.transport()).append(" 127.0.0.1:").append(client.localPort()).append(";branch=").append(SipTestClient.branch()).append(";rport\r\n");
        sb.append("Max-Forwards: 70\r\n");
        sb.append("From: <sip:").append(line.extension()).append("@127.0.0.1>;tag=").append(fromTag).append("\r\n");
        sb.append("To: <sip:").append(watched).append("@127.0.0.1>").append(toTag == null ? "" : ";tag=" + toTag).append("\r\n");
        sb.append("Call-ID: ").append(callId).append("\r\n");
        sb.append("CSeq: ").append(cseq).append(" SUBSCRIBE\r\n");
        sb.append("Contact: <").append(client.contact(line.extension())).append(">\r\n");
        if (event != null) {
            sb.append("Event: ").append(event).append("\r\n");
        }
        if (expires != null) {
            sb.append("Expires: ").append(expires).append("\r\n");
        }
        for (String e : extra) {
            sb.append(e).append("\r\n");
        }
        sb.append("Content-Length: 0\r\n\r\n");
        return sb.toString();
    }

    /** Sends a SUBSCRIBE, answers the 401 with the line's digest, returns the final response to the authenticated one. */
    SipMessage subscribe(String watched, String event, Integer expires, String callId, String fromTag, String toTag, long cseq, String... extra) {
        SipMessage first = exchange(subscribeText(watched, event, expires, callId, fromTag, toTag, cseq, extra));
        if (first == null || first.status() != 401) {
            return first;
        }
        String auth = TestDigest.sipAuthorization(first.header("www-authenticate"), "SUBSCRIBE", uri(watched), line.authUser(), line.password(), 1);
        String[] withAuth = java.util.Arrays.copyOf(extra, extra.length + 1);
        withAuth[extra.length] = "Authorization: " + auth;
        SipMessage ok = exchange(subscribeText(watched, event, expires, callId, fromTag, toTag, cseq + 1, withAuth));
        if (ok != null && ok.status() == 200 && toTag == null && (expires == null || expires > 0)) {
            open.add(new String[] {watched, event, callId, fromTag, SipMessage.param(ok.header("to"), "tag"), Long.toString(cseq + 10)});
        }
        return ok;
    }

    /** A new dialog-creating subscription; the 200 (or the refusal). */
    SipMessage subscribe(String watched, String event, Integer expires, String... extra) {
        return subscribe(watched, event, expires, UUID.randomUUID().toString(), "w" + System.nanoTime(), null, 1, extra);
    }

    SipMessage exchange(String text) {
        lastSent = text;
        client.send(text);
        long deadline = System.currentTimeMillis() + 5_000;
        while (System.currentTimeMillis() < deadline) {
            SipMessage m = next(deadline - System.currentTimeMillis());
            if (m == null) {
                return null;
            }
            if (m.isResponse() && m.status() >= 200) {
                return m;
            }
        }
        return null;
    }

    /** The next message; a NOTIFY is answered and queued (and returned). */
    private SipMessage next(long millis) {
        SipMessage m = client.receive(Math.max(1, millis));
        if (m != null && !m.isResponse() && m.method().equals("NOTIFY")) {
            answer(m, answerNotifiesWith);
            notifies.add(m);
        }
        return m;
    }

    void answer(SipMessage request, int status) {
        StringBuilder sb = new StringBuilder("SIP/2.0 " + status + (status == 200 ? " OK" : " Call/Transaction Does Not Exist") + "\r\n");
        for (String via : request.all("via")) {
            sb.append("Via: ").append(via).append("\r\n");
        }
        sb.append("From: ").append(request.header("from")).append("\r\n");
        sb.append("To: ").append(request.header("to")).append("\r\n");
        sb.append("Call-ID: ").append(request.header("call-id")).append("\r\n");
        sb.append("CSeq: ").append(request.header("cseq")).append("\r\n");
        sb.append("Content-Length: 0\r\n\r\n");
        client.send(sb.toString());
    }

    /** The next NOTIFY, or null after {@code millis}. */
    SipMessage notify(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (notifies.isEmpty() && System.currentTimeMillis() < deadline) {
            next(deadline - System.currentTimeMillis());
        }
        return notifies.poll();
    }

    @Override
    public void close() {
        for (String[] s : open) {
            subscribe(s[0], s[1], 0, s[2], s[3], s[4], Long.parseLong(s[5]));
        }
        client.close();
    }
}
