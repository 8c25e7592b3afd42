package io.phonehome.sip;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;

/**
 * The nonce each recently challenged request got, so that a retransmission of it (same branch,
 * Call-ID and CSeq) is answered with the identical challenge, as a transaction would answer it:
 * a client that receives the copy after it moved on recognises it as a retransmission instead of
 * a second, different challenge. Bounded: the oldest entries give way (real retransmissions come
 * within seconds).
 */
final class RecentChallenges {
    private final Map<String, String> nonces = new ConcurrentHashMap<>();
    private final BlockingQueue<String> order;

    RecentChallenges(int capacity) {
        this.order = new ArrayBlockingQueue<>(capacity);
    }

    /** The nonce this request got before, or a new one from {@code issue}. */
    String nonceFor(Request request, Supplier<String> issue) {
        String key = key(request);
        String known = nonces.get(key);
        if (known != null) {
            return known;
        }
        String fresh = issue.get();
        String raced = nonces.putIfAbsent(key, fresh);
        if (raced != null) {
            return raced;
        }
        while (!order.offer(key)) {
            String oldest = order.poll();
            if (oldest != null) {
                nonces.remove(oldest);
            }
        }
        return fresh;
    }

    private static String key(Request request) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        CSeqHeader cseq = (CSeqHeader) request.getHeader(CSeqHeader.NAME);
        return (via == null ? "" : via.getBranch() + "@" + via.getHost() + ":" + via.getPort()) + "|" + (callId == null ? "" : callId.getCallId())
                + "|" + (cseq == null ? "" : cseq.getSeqNumber() + cseq.getMethod());
    }
}
