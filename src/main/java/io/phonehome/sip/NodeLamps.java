package io.phonehome.sip;

import io.phonehome.sip.LineActivity.DialogView;
import io.phonehome.sip.location.Flow;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import javax.sip.ClientTransaction;
import javax.sip.ResponseEvent;
import javax.sip.SipProvider;
import javax.sip.TransactionUnavailableException;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lamps across nodes (issue 16): a subscription lives on the node that accepted its SUBSCRIBE
 * (the dialog, its flow and its NOTIFY CSeq are that node's memory), while the state it watches
 * changes wherever the call was routed or the message was left. So every node sends each change
 * of its own — a line's message counts, an extension's dialogs as this node's call router sees
 * them — to every other live node as a signed {@link NodeRelay} NOTIFY ({@value NodeRelay#MWI},
 * {@value NodeRelay#DIALOG}), and each node merges what it hears into the state its own
 * subscriptions and unsolicited message lamps are told.
 *
 * <p>Why SIP relays and not the database's LISTEN/NOTIFY ({@code store.ClusterWrites}): the state
 * is not in the database (calls are memory only; message counts are, but a table notification
 * says only "voicemail_messages was written", and every node would recount every box), lamps keep
 * working while PostgreSQL restarts, and the relay already carries the node secret, replay
 * protection and retransmissions. The cost is one UDP request per change and other live node,
 * sent only when another node is alive: a node alone sends nothing.
 *
 * <p>Order: a dialog state carries the sender's start time and snapshot number, and an older one
 * than what was last heard from that node is dropped; a message count carries the sender's clock.
 * The states a node heard from a node that has since died are not shown.
 */
final class NodeLamps {
    private static final Logger log = LoggerFactory.getLogger(NodeLamps.class);
    private static final String NULL = "~";

    /** The dialogs a node last said an extension has. */
    private record Heard(long start, long seq, List<DialogView> dialogs) {
        boolean newerThan(Heard o) {
            return o == null || start > o.start || (start == o.start && seq > o.seq);
        }
    }

    private final NodeRelay relay;
    private final SipProvider provider;
    private final FlowRouter router;
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final LocalAddress local;
    private final Executor work;
    private final long start = System.currentTimeMillis();
    private final SecureRandom random = new SecureRandom();
    /** extension -> node -> what that node last said. */
    private final Map<String, Map<String, Heard>> dialogs = new ConcurrentHashMap<>();
    private volatile Consumer<String> dialogsChanged = ext -> { };
    private volatile MessageSummaries mailboxes;

    NodeLamps(NodeRelay relay, SipProvider provider, FlowRouter router, MessageFactory messages, HeaderFactory headers, AddressFactory addresses,
              LocalAddress local, Executor work) {
        this.relay = relay;
        this.provider = provider;
        this.router = router;
        this.messages = messages;
        this.headers = headers;
        this.addresses = addresses;
        this.local = local;
        this.work = work;
    }

    /** Who is told that another node's dialogs of an extension changed, and where message counts go. */
    void deliverTo(Consumer<String> dialogsChanged, MessageSummaries mailboxes) {
        this.dialogsChanged = dialogsChanged;
        this.mailboxes = mailboxes;
    }

    // ------------------------------------------------------------------ sending

    /** A change of this node's own calls of an extension: to every other live node. */
    void localDialogs(LineActivity.Snapshot s) {
        List<NodeRelay.NodeHop> nodes = relay.liveOthers();
        if (nodes.isEmpty()) {
            return;
        }
        send(nodes, NodeRelay.DIALOG, s.extension(), encode(start, s.seq(), s.dialogs()));
    }

    /** A line's message counts as this node's voicemail wrote them: to every other live node. */
    void localMailbox(String extension, MessageSummaries.Counts c) {
        List<NodeRelay.NodeHop> nodes = relay.liveOthers();
        if (nodes.isEmpty()) {
            return;
        }
        send(nodes, NodeRelay.MWI, extension, c.fresh() + "." + c.old());
    }

    private void send(List<NodeRelay.NodeHop> nodes, String op, String extension, String payload) {
        for (NodeRelay.NodeHop node : nodes) {
            try {
                work.execute(() -> sendTo(node, op, extension, payload));
            } catch (RejectedExecutionException e) {
                return; // shutting down
            }
        }
    }

    private void sendTo(NodeRelay.NodeHop node, String op, String extension, String payload) {
        try {
            Flow hop = node.relay();
            byte[] tag = new byte[6];
            random.nextBytes(tag);
            Request r = NodeRelay.unsignedNotify(hop, provider, messages, headers, addresses, local, HexFormat.of().formatHex(tag));
            relay.signState(r, op, extension, payload);
            ClientTransaction tx = router.via(hop, () -> {
                try {
                    return provider.getNewClientTransaction(r);
                } catch (TransactionUnavailableException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
            tx.setApplicationData(new AwaitsResponse() {
                @Override
                public void response(ResponseEvent event) {
                    if (event.getResponse().getStatusCode() >= 300) {
                        log.warn("node {} refused the {} state of {}: {} {}", node.node(), op, extension, event.getResponse().getStatusCode(),
                                event.getResponse().getReasonPhrase());
                    }
                }

                @Override
                public void timeout() {
                    // the node died meanwhile (its lamps are its own again once it is back) or the transaction ended normally
                }
            });
            tx.sendRequest();
        } catch (ParseException | javax.sip.InvalidArgumentException | javax.sip.SipException | RuntimeException e) {
            log.debug("cannot send the {} state of {} to node {}: {}", op, extension, node.node(), e.toString());
        }
    }

    // ------------------------------------------------------------------ receiving

    /** A verified lamp state from another node. */
    void received(NodeRelay.StateOrder o) {
        if (o.extension().isEmpty() || o.extension().length() > 64) {
            throw new IllegalArgumentException("no usable extension");
        }
        if (o.op().equals(NodeRelay.MWI)) {
            String[] counts = o.payload().split("\\.");
            MessageSummaries m = mailboxes;
            if (counts.length != 2 || m == null) {
                throw new IllegalArgumentException("counts are new.old");
            }
            m.fromElsewhere(o.extension(), Integer.parseInt(counts[0]), Integer.parseInt(counts[1]), o.at());
            return;
        }
        Heard h = decode(o.payload());
        boolean[] changed = {false};
        dialogs.compute(o.extension(), (ext, byNode) -> {
            Map<String, Heard> m = byNode == null ? new ConcurrentHashMap<>() : byNode;
            if (h.newerThan(m.get(o.node()))) {
                changed[0] = true;
                m.put(o.node(), h);
            }
            return m;
        });
        if (changed[0]) {
            dialogsChanged.accept(o.extension());
            // a terminated call is shown once, as the sending node's own lamps show it, then forgotten
            List<DialogView> live = h.dialogs().stream().filter(d -> d.state() != LineActivity.State.TERMINATED).toList();
            if (live.size() != h.dialogs().size()) {
                dialogs.computeIfPresent(o.extension(), (ext, m) -> {
                    m.replace(o.node(), h, new Heard(h.start(), h.seq(), live));
                    return m;
                });
            }
        }
    }

    /** The dialogs of an extension that the other live nodes said it has (their terminated ones shown once, as they sent them). */
    List<DialogView> elsewhere(String extension) {
        Map<String, Heard> byNode = dialogs.get(extension);
        if (byNode == null) {
            return List.of();
        }
        List<DialogView> out = new ArrayList<>();
        for (Map.Entry<String, Heard> e : byNode.entrySet()) {
            if (relay.isLive(e.getKey())) {
                out.addAll(e.getValue().dialogs());
            }
        }
        return out;
    }

    /** This node's dialogs, then the other nodes' ones of calls this node does not see itself (a relayed call passes both). */
    static List<DialogView> merged(List<DialogView> here, List<DialogView> elsewhere) {
        if (elsewhere.isEmpty()) {
            return here;
        }
        List<DialogView> out = new ArrayList<>(here);
        for (DialogView d : elsewhere) {
            if (out.stream().noneMatch(x -> x.id().equals(d.id()))) {
                out.add(d);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ encoding

    /** {@code start.seq} then {@code !}-separated dialogs of ten URL-encoded, comma-separated fields. */
    static String encode(long start, long seq, List<DialogView> dialogs) {
        StringBuilder sb = new StringBuilder().append(start).append('.').append(seq);
        for (DialogView d : dialogs) {
            sb.append('!');
            String[] f = {d.id(), d.callId(), d.localTag(), d.remoteTag(), d.direction(), d.state().name(), d.localExtension(), d.localName(),
                    d.remoteExtension(), d.remoteName()};
            for (int i = 0; i < f.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(f[i] == null ? NULL : URLEncoder.encode(f[i], StandardCharsets.UTF_8));
            }
        }
        return sb.toString();
    }

    private static Heard decode(String payload) {
        String[] parts = payload.split("!");
        String[] head = parts[0].split("\\.");
        if (head.length != 2) {
            throw new IllegalArgumentException("a dialog state starts with start.seq");
        }
        List<DialogView> out = new ArrayList<>();
        for (int i = 1; i < parts.length && i <= 64; i++) {
            String[] f = parts[i].split(",", -1);
            if (f.length != 10) {
                throw new IllegalArgumentException("a dialog has 10 fields");
            }
            String[] v = new String[10];
            for (int k = 0; k < 10; k++) {
                v[k] = f[k].equals(NULL) ? null : URLDecoder.decode(f[k], StandardCharsets.UTF_8);
            }
            String direction = "initiator".equals(v[4]) ? "initiator" : "recipient";
            out.add(new DialogView(v[0], v[1], v[2], v[3], direction, LineActivity.State.valueOf(v[5]), v[6], v[7], v[8], v[9]));
        }
        return new Heard(Long.parseLong(head[0]), Long.parseLong(head[1]), List.copyOf(out));
    }
}
