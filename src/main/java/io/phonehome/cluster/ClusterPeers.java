package io.phonehome.cluster;

import java.util.Optional;

/**
 * What the SIP edge needs to know about the other nodes: this node's name, whether a node is alive,
 * where its SIP relay listens, and the secret relayed requests are signed with.
 */
public interface ClusterPeers {
    /** This node's name (what {@code sip_bindings.node} says for the flows it holds). */
    String self();

    /** The relay address ({@code host:port}, UDP) of a live node other than this one; empty when it is dead or unknown. */
    Optional<String> liveSipAddress(String node);

    /** Whether the node has written a heartbeat recently enough (this node always is). */
    boolean isLive(String node);

    /** Whether any other node is alive: when none is, nothing needs reading about other nodes' bindings. */
    boolean othersAlive();

    /** The key of the HMAC that signs relayed requests; the same on every node of the database. */
    byte[] relaySecret();

    /** The other nodes taken for alive now, by name (lamp states are sent to each of them). */
    java.util.List<String> liveOthers();

    /** One node alone: no other node is ever live. */
    static ClusterPeers alone(String self) {
        byte[] none = new byte[32];
        new java.security.SecureRandom().nextBytes(none); // nobody else can know it: every relay is refused
        return new ClusterPeers() {
            @Override
            public String self() {
                return self;
            }

            @Override
            public Optional<String> liveSipAddress(String node) {
                return Optional.empty();
            }

            @Override
            public boolean isLive(String node) {
                return node.equals(self);
            }

            @Override
            public boolean othersAlive() {
                return false;
            }

            @Override
            public byte[] relaySecret() {
                return none.clone();
            }

            @Override
            public java.util.List<String> liveOthers() {
                return java.util.List.of();
            }
        };
    }
}
