-- RPS role: a device is either provisioned here (site_id) or redirected to another provisioning
-- server (redirect_url, optional credentials), never both.
ALTER TABLE devices ADD COLUMN redirect_url VARCHAR(500);
ALTER TABLE devices ADD COLUMN redirect_username VARCHAR(64);
ALTER TABLE devices ADD COLUMN redirect_password VARCHAR(100);
ALTER TABLE devices ADD CONSTRAINT devices_site_or_redirect CHECK (site_id IS NULL OR redirect_url IS NULL);

-- Filters of the admin API's device list.
CREATE INDEX devices_model ON devices(model);
CREATE INDEX devices_last_seen ON devices(last_seen);
CREATE INDEX devices_reported_firmware ON devices(reported_firmware);

-- The bytes each device was last served per file name (gzip), so the admin preview can show what a
-- change will do to a phone before it re-syncs. Written only when the bytes change.
CREATE TABLE served_files (
    mac                     CHAR(12)      NOT NULL REFERENCES devices(mac) ON DELETE CASCADE,
    file_name               VARCHAR(128)  NOT NULL,
    -- when these exact bytes were first served (last_seen on the device says when it last asked)
    served_since            TIMESTAMP WITH TIME ZONE NOT NULL,
    etag                    VARCHAR(48)   NOT NULL,
    base_url                VARCHAR(500)  NOT NULL,
    server_host             VARCHAR(255)  NOT NULL,
    body_gzip               BYTEA         NOT NULL,
    PRIMARY KEY (mac, file_name)
);
