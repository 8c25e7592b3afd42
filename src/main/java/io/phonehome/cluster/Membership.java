package io.phonehome.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's membership: its row in {@code nodes}, a heartbeat every {@code node_heartbeat_seconds}
 * (thread {@code node-heartbeat}), and what it read of the others at the same time. A node silent
 * for {@code node_dead_after_heartbeats} heartbeats (by the database's clock) is dead: requests for
 * its phones are not relayed to it; its phones re-register on a live node (their second server)
 * and are found there.
 *
 * <p>Thread-safe: the view of the others is replaced as a whole by the heartbeat.
 */
public final class Membership implements ClusterPeers, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Membership.class);

    private final NodeRepository repository;
    private final String self;
    private final String sipAddress;
    private final long deadAfterMillis;
    private final byte[] secret;
    private final ScheduledExecutorService heartbeat;
    private volatile Map<String, NodeRepository.Node> others = Map.of();
    /** When {@link #others} was read ({@link System#nanoTime}): a node's silence grows from there until the next read. */
    private volatile long readAt = System.nanoTime();

    private Membership(NodeRepository repository, String self, String sipAddress, Duration every, int deadAfterHeartbeats) {
        this.repository = repository;
        this.self = self;
        this.sipAddress = sipAddress;
        this.deadAfterMillis = every.toMillis() * deadAfterHeartbeats;
        this.secret = repository.relaySecret();
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "node-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    /** Writes this node's row, reads the others, and starts the heartbeat. */
    public static Membership start(NodeRepository repository, String self, String sipAddress, Duration every, int deadAfterHeartbeats) {
        Membership m = new Membership(repository, self, sipAddress, every, deadAfterHeartbeats);
        repository.started(self, sipAddress);
        m.readOthers();
        m.heartbeat.scheduleWithFixedDelay(m::beat, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        log.info("node {} (SIP relay {}) joined; {} other node(s) alive", self, sipAddress, m.liveOthers().size());
        return m;
    }

    private void beat() {
        try {
            if (!repository.heartbeat(self)) {
                repository.started(self, sipAddress);
            }
            readOthers();
        } catch (RuntimeException e) {
            // the database is away: the others see this node go silent, which is the truth
            log.warn("node heartbeat failed: {}", e.getMessage());
        }
    }

    private void readOthers() {
        List<NodeRepository.Node> all = repository.all();
        readAt = System.nanoTime();
        others = all.stream().filter(n -> !n.name().equals(self)).collect(Collectors.toUnmodifiableMap(NodeRepository.Node::name, Function.identity()));
    }

    /** Reads the others now instead of at the next heartbeat (tests, and after a relay found a node silent). */
    public void refresh() {
        readOthers();
    }

    @Override
    public String self() {
        return self;
    }

    @Override
    public Optional<String> liveSipAddress(String node) {
        NodeRepository.Node n = others.get(node);
        return n == null || !alive(n) ? Optional.empty() : Optional.of(n.sipAddress());
    }

    @Override
    public boolean isLive(String node) {
        if (node.equals(self)) {
            return true;
        }
        NodeRepository.Node n = others.get(node);
        return n != null && alive(n);
    }

    private boolean alive(NodeRepository.Node n) {
        return n.silentMillis() + (System.nanoTime() - readAt) / 1_000_000 < deadAfterMillis;
    }

    @Override
    public boolean othersAlive() {
        for (NodeRepository.Node n : others.values()) {
            if (alive(n)) {
                return true;
            }
        }
        return false;
    }

    /** The other nodes taken for alive at the last heartbeat. */
    @Override
    public List<String> liveOthers() {
        return others.values().stream().filter(this::alive).map(NodeRepository.Node::name).sorted().toList();
    }

    @Override
    public byte[] relaySecret() {
        return secret.clone();
    }

    /** Stops the heartbeat: the others take this node for dead after the configured silence. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
    }
}
