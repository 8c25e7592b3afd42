-- Each customer has its own mailboxes (issue 17): extension 200 may exist once per customer, and
-- so does mailbox 200. A box and its messages are keyed by (customer, extension), not by the line
-- row: a re-import that writes a device's lines anew keeps them, as V8_1 and V8_3 explain; a line
-- that moves to another customer leaves its box behind (swept with the boxes of deleted lines).
-- The files of the default customer's boxes stay where they were, <data_dir>/voicemail/<extension>/;
-- another customer's are under <data_dir>/voicemail/@<customer id>/<extension>/ ('@' is no
-- extension's character, so the two never meet).
--
-- Existing rows go to the customer of the one line with their extension (before V8_12 an extension
-- was unique, so that is the line whose box it was), else to the default customer: a
-- single-customer installation keeps its messages, PINs and greetings exactly. The primary key of
-- V8_3 was declared without a name, which H2 and PostgreSQL name differently, so the box table is
-- copied whole into a new one. Portable between H2 2.x and PostgreSQL 15.

ALTER TABLE voicemail_messages ADD COLUMN customer_id BIGINT;
UPDATE voicemail_messages SET customer_id = COALESCE(
    (SELECT MIN(l.customer_id) FROM lines l WHERE l.extension = voicemail_messages.extension
        AND (SELECT COUNT(*) FROM lines l2 WHERE l2.extension = voicemail_messages.extension) = 1),
    (SELECT id FROM customers WHERE slug = 'default'));
ALTER TABLE voicemail_messages ALTER COLUMN customer_id SET NOT NULL;
ALTER TABLE voicemail_messages ADD CONSTRAINT voicemail_messages_customer_fk FOREIGN KEY (customer_id)
    REFERENCES customers(id) ON DELETE CASCADE;
DROP INDEX voicemail_messages_extension;
CREATE INDEX voicemail_messages_box ON voicemail_messages (customer_id, extension);

CREATE TABLE voicemail_boxes_per_customer (
    customer_id        BIGINT       NOT NULL,
    extension          VARCHAR(32)  NOT NULL,
    pin_hash           VARCHAR(200),
    pin_set_at         TIMESTAMP WITH TIME ZONE,
    own_phone_no_pin   BOOLEAN      NOT NULL DEFAULT FALSE,
    on_busy            BOOLEAN,
    no_answer_seconds  INTEGER,
    CONSTRAINT voicemail_boxes_key PRIMARY KEY (customer_id, extension),
    CONSTRAINT voicemail_boxes_customer_fk FOREIGN KEY (customer_id) REFERENCES customers(id) ON DELETE CASCADE
);
INSERT INTO voicemail_boxes_per_customer (customer_id, extension, pin_hash, pin_set_at, own_phone_no_pin, on_busy, no_answer_seconds)
SELECT COALESCE(
        (SELECT MIN(l.customer_id) FROM lines l WHERE l.extension = b.extension
            AND (SELECT COUNT(*) FROM lines l2 WHERE l2.extension = b.extension) = 1),
        (SELECT id FROM customers WHERE slug = 'default')),
       b.extension, b.pin_hash, b.pin_set_at, b.own_phone_no_pin, b.on_busy, b.no_answer_seconds
FROM voicemail_boxes b;
DROP TABLE voicemail_boxes;
ALTER TABLE voicemail_boxes_per_customer RENAME TO voicemail_boxes;
