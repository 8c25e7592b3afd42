/**
 * Several nodes on one database (issue 16): this node's name ({@code NodeName}), the {@code nodes}
 * table with each node's heartbeat and SIP relay address ({@code NodeRepository}), and
 * {@code Membership}, which writes this node's heartbeat and tells the SIP edge which other nodes
 * are alive, where their relays listen, and the shared secret that signs relayed requests
 * ({@code ClusterPeers}). A capability: uses {@code store} and {@code config}; no jain-sip.
 */
package io.phonehome.cluster;
