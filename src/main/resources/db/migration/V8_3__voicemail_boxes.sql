-- A mailbox's own state beside its messages: the PIN (PBKDF2, never the digits), whether the
-- line's own phone opens it without the PIN, and the line's own forwarding choices, which win over
-- the typed settings voicemail.on_busy / voicemail.no_answer_seconds of its device, site or fleet
-- (NULL: the settings decide). Keyed by extension like the messages, so a re-import keeps it; the
-- greeting is a file, <data_dir>/voicemail/<extension>/greeting.wav.
CREATE TABLE voicemail_boxes (
    extension          VARCHAR(32)  PRIMARY KEY,
    pin_hash           VARCHAR(200),
    pin_set_at         TIMESTAMP WITH TIME ZONE,
    own_phone_no_pin   BOOLEAN      NOT NULL DEFAULT FALSE,
    on_busy            BOOLEAN,
    no_answer_seconds  INTEGER
);
