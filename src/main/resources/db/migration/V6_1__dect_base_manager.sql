-- A radio base of a multi-cell DECT system (family dect-base, e.g. Yealink W90B) belongs to one
-- DECT manager (family dect-multicell, W90DM), whose configuration pre-registers the MACs of its
-- bases so that nobody pairs them by hand in the manager's web UI.
--
-- One row per linked base: the primary key makes "a base has at most one manager" a fact of the
-- schema. Deleting either device deletes the link (the manager then stops listing that base).
-- Which devices may be linked (families, vendor, how many bases a manager takes) is checked by
-- the inventory when the link is written.
CREATE TABLE dect_base_links (
    base_id                 BIGINT        NOT NULL PRIMARY KEY REFERENCES devices(id) ON DELETE CASCADE,
    manager_id              BIGINT        NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
    CONSTRAINT dect_base_links_not_self CHECK (base_id <> manager_id)
);
CREATE INDEX dect_base_links_manager ON dect_base_links(manager_id);
