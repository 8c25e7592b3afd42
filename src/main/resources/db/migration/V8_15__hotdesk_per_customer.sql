-- Hot-desk users per customer (issue 17): a PIN belongs to an extension of one customer (kept over
-- a re-import, as V7_8 explains), and a login names the user's customer, so extension 200 of two
-- customers may each be seated at a desk of their own customer. Existing rows go to the customer
-- of the one line with their extension (unique before V8_12), else to the default customer, so a
-- single-customer installation keeps its PINs and seats. The unnamed keys of V7_8 are named
-- differently by H2 and PostgreSQL, so both tables are copied whole into new ones.
-- Portable between H2 2.x and PostgreSQL 15.

CREATE TABLE hotdesk_pins_per_customer (
    customer_id BIGINT        NOT NULL,
    extension   VARCHAR(32)   NOT NULL,
    pin_hash    VARCHAR(200)  NOT NULL,
    set_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT hotdesk_pins_key PRIMARY KEY (customer_id, extension),
    CONSTRAINT hotdesk_pins_customer_fk FOREIGN KEY (customer_id) REFERENCES customers(id) ON DELETE CASCADE
);
INSERT INTO hotdesk_pins_per_customer (customer_id, extension, pin_hash, set_at)
SELECT COALESCE(
        (SELECT MIN(l.customer_id) FROM lines l WHERE l.extension = p.extension
            AND (SELECT COUNT(*) FROM lines l2 WHERE l2.extension = p.extension) = 1),
        (SELECT id FROM customers WHERE slug = 'default')),
       p.extension, p.pin_hash, p.set_at
FROM hotdesk_pins p;
DROP TABLE hotdesk_pins;
ALTER TABLE hotdesk_pins_per_customer RENAME TO hotdesk_pins;

CREATE TABLE hotdesk_logins_per_customer (
    device_id   BIGINT        PRIMARY KEY REFERENCES hotdesk_desks(device_id) ON DELETE CASCADE,
    customer_id BIGINT        NOT NULL,
    extension   VARCHAR(32)   NOT NULL,
    since       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT hotdesk_logins_user_key UNIQUE (customer_id, extension),
    CONSTRAINT hotdesk_logins_customer_fk FOREIGN KEY (customer_id) REFERENCES customers(id) ON DELETE CASCADE
);
INSERT INTO hotdesk_logins_per_customer (device_id, customer_id, extension, since)
SELECT g.device_id, COALESCE(
        (SELECT MIN(l.customer_id) FROM lines l WHERE l.extension = g.extension
            AND (SELECT COUNT(*) FROM lines l2 WHERE l2.extension = g.extension) = 1),
        (SELECT id FROM customers WHERE slug = 'default')),
       g.extension, g.since
FROM hotdesk_logins g;
DROP TABLE hotdesk_logins;
ALTER TABLE hotdesk_logins_per_customer RENAME TO hotdesk_logins;
