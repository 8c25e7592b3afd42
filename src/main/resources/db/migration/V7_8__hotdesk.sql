-- Hot desking: users who may log in on a shared phone, the phones that are shared, and who sits where.
--
-- A PIN belongs to an extension, not to a line row: a re-import that writes a device's lines anew
-- keeps its users' PINs. pin_hash is PBKDF2 (see hotdesk.PinHash), never the PIN.
CREATE TABLE hotdesk_pins (
    extension   VARCHAR(32)   PRIMARY KEY,
    pin_hash    VARCHAR(200)  NOT NULL,
    set_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- A device listed here is a hot desk: without a user it carries its own (restricted) line.
CREATE TABLE hotdesk_desks (
    device_id   BIGINT        PRIMARY KEY REFERENCES devices(id) ON DELETE CASCADE
);

-- Who is logged in where: one user per desk, one desk per user.
CREATE TABLE hotdesk_logins (
    device_id   BIGINT        PRIMARY KEY REFERENCES hotdesk_desks(device_id) ON DELETE CASCADE,
    extension   VARCHAR(32)   NOT NULL UNIQUE,
    since       TIMESTAMP WITH TIME ZONE NOT NULL
);
