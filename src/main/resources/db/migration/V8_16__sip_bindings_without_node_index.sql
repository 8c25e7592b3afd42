-- sip_bindings.node holds one value per cluster node (and '' for rows written before clustering),
-- so an index on it can only ever select all of a node's rows, which is never cheaper than the
-- primary key. On an empty table H2's planner still chose it for the location writer's
-- "DELETE ... WHERE extension = ? AND (node = ? OR node = '')" and kept that cached plan: every
-- line written then scanned every binding (1-6 ms per line at 10,000 phones, measured with
-- bench/sip/stream-compare.sh). Without the index the primary key (extension, contact) is the
-- only candidate. Nothing else filters on node alone.
DROP INDEX sip_bindings_node;
