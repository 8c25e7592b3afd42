-- The config revision of each file that carries one (a Fanvil <Version>): phones apply a file
-- only when its revision is higher than the one they run, so it must rise with every change of
-- the file's content and stay put while the content stays the same, across restarts and nodes.
--
-- mac:          the device the file is for; '' for a common file served alike to every requester
-- file_name:    the file as the phone asks for it, with the base URL it was asked under
--               ('<name> <base url>'): another origin is another file
-- content_hash: SHA-256 (hex) of the content last given this revision, with the revision left out
-- revision:     rises on every change; never below the clock's seconds at the time of the change,
--               so a lost row (a deleted table, a device deleted and imported again) does not make
--               the next number fall below what phones were given before
-- changed_at:   when this revision was given out
--
-- Rows are kept when a device is deleted: a device imported again goes on above its old numbers.
CREATE TABLE config_revisions (
    mac            VARCHAR(12)   NOT NULL,
    file_name      VARCHAR(700)  NOT NULL,
    content_hash   CHAR(64)      NOT NULL,
    revision       BIGINT        NOT NULL,
    changed_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (mac, file_name)
);
