-- Events on PostgreSQL: one partition per calendar month (UTC), so retention drops whole months
-- (io.phonehome.events.EventPartitions) instead of deleting millions of rows, and the admin
-- queries by time only read the months they ask for. Append-only: a trigger refuses UPDATE.
--
-- A partitioned table cannot have an identity column in PostgreSQL 15 and its primary key must
-- hold the partition key: ids come from a sequence, the key is (id, at). Events outside every
-- month partition (clock far off) land in events_default and are deleted row by row.
DROP INDEX events_at;
DROP INDEX events_mac_at;
DROP INDEX events_type_at;
DROP INDEX events_site_at;
ALTER TABLE events RENAME TO events_unpartitioned;

CREATE SEQUENCE events_ids;

CREATE TABLE events (
    id                      BIGINT        NOT NULL DEFAULT nextval('events_ids'),
    at                      TIMESTAMP WITH TIME ZONE NOT NULL,
    type                    VARCHAR(40)   NOT NULL,
    outcome                 VARCHAR(40)   NOT NULL,
    mac                     CHAR(12),
    site_id                 BIGINT,
    source                  VARCHAR(64),
    detail                  VARCHAR(2000) NOT NULL DEFAULT '',
    PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);
ALTER SEQUENCE events_ids OWNED BY events.id;
CREATE TABLE events_default PARTITION OF events DEFAULT;
CREATE INDEX events_at ON events(at);
CREATE INDEX events_mac_at ON events(mac, at);
CREATE INDEX events_type_at ON events(type, at);
CREATE INDEX events_site_at ON events(site_id, at);

-- Months from the oldest stored event to two months ahead (the server keeps creating them ahead).
DO $$
DECLARE
    m    TIMESTAMP;
    last TIMESTAMP := date_trunc('month', now() AT TIME ZONE 'UTC') + INTERVAL '2 months';
BEGIN
    SELECT date_trunc('month', COALESCE(MIN(at), now()) AT TIME ZONE 'UTC') INTO m FROM events_unpartitioned;
    WHILE m <= last LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
            'events_' || to_char(m, 'YYYY_MM'), m AT TIME ZONE 'UTC', (m + INTERVAL '1 month') AT TIME ZONE 'UTC');
        m := m + INTERVAL '1 month';
    END LOOP;
END $$;

INSERT INTO events (id, at, type, outcome, mac, site_id, source, detail)
    SELECT id, at, type, outcome, mac, site_id, source, detail FROM events_unpartitioned;
SELECT setval('events_ids', COALESCE((SELECT MAX(id) FROM events_unpartitioned), 0) + 1, false);
DROP TABLE events_unpartitioned;

CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events are append-only: rows are never updated (retention deletes them)';
END $$;
CREATE TRIGGER events_append_only BEFORE UPDATE ON events FOR EACH ROW EXECUTE FUNCTION events_append_only();
