-- The same version as db/vendor/postgresql/V8_7, so both databases have one migration history.
-- On H2 (the embedded store of one node) the events table stays a plain table: retention
-- deletes rows. Nothing to do here.
SELECT 1;
