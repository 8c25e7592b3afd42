-- Several nodes on one PostgreSQL (issue 16): who the nodes are, whether they are alive, and which
-- node holds each SIP binding's flow.
--
-- nodes: one row per node, written by io.phonehome.cluster.Membership at start and on every
-- heartbeat. A node whose last_seen is older than node_dead_after_heartbeats heartbeats is dead:
-- its bindings are no longer routed to. sip_address is where the other nodes reach its SIP relay.
CREATE TABLE nodes (
    name         VARCHAR(100) NOT NULL PRIMARY KEY,
    sip_address  VARCHAR(300) NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The secret that signs requests one node relays to another (a NOTIFY for a flow it does not
-- hold). One row, made by the first node that starts; every node reads it from here, so nothing
-- needs configuring and a phone, which never sees the database, cannot forge a relay.
CREATE TABLE cluster_secret (
    id      INT          NOT NULL PRIMARY KEY,
    secret  VARCHAR(100) NOT NULL
);

-- The node whose SIP listener holds the binding's flow ('' for rows written before nodes existed:
-- the node that starts next on this database adopts them).
ALTER TABLE sip_bindings ADD COLUMN node VARCHAR(100) DEFAULT '' NOT NULL;
CREATE INDEX sip_bindings_node ON sip_bindings(node);
