-- SIP location service: the registered contacts of each line (address of record = extension).
-- Written behind the in-memory index of io.phonehome.sip.location.LocationService and read back
-- at start, so registrations survive a restart. No foreign key to lines: a write-behind batch must
-- never fail because a line was deleted meanwhile; rows of deleted lines simply expire.
CREATE TABLE sip_bindings (
    extension       VARCHAR(32)   NOT NULL,
    contact         VARCHAR(1024) NOT NULL,
    line_id         BIGINT        NOT NULL,
    device_id       BIGINT        NOT NULL,
    -- transport:address:port the REGISTER came from (requests to the phone go back down this flow)
    flow            VARCHAR(80)   NOT NULL,
    -- Path header values (RFC 3327), one per line, outermost first; empty when registered directly
    path            VARCHAR(2000) NOT NULL DEFAULT '',
    user_agent      VARCHAR(255)  NOT NULL DEFAULT '',
    q               REAL          NOT NULL DEFAULT -1,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    call_id         VARCHAR(255)  NOT NULL,
    cseq            BIGINT        NOT NULL,
    registered_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (extension, contact)
);
CREATE INDEX sip_bindings_expires ON sip_bindings(expires_at);
CREATE INDEX sip_bindings_device ON sip_bindings(device_id);
