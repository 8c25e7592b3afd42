-- Each customer has its own extension space (issue 17): extension 200 may exist once per customer,
-- and so may auth user 200 (imports default the auth user to the extension). A line carries its
-- customer (the customer of its device's site, or the default customer for a device without a
-- site), kept by the inventory's writers when a device changes site or a site changes customer, so
-- the database itself refuses a second 200 inside one customer.
--
-- The installation-wide UNIQUE constraints of V1_0 were declared without names, which H2 and
-- PostgreSQL name differently; both drop a single-column constraint with its column, so each column
-- is copied to a new one and the old one dropped. Portable between H2 2.x and PostgreSQL 15.
-- Every existing line joins the customer of its site, so a single-customer installation keeps
-- exactly the extensions and credentials it had.

ALTER TABLE lines ADD COLUMN customer_id BIGINT;
UPDATE lines SET customer_id = COALESCE(
    (SELECT s.customer_id FROM devices d JOIN sites s ON s.id = d.site_id WHERE d.id = lines.device_id),
    (SELECT id FROM customers WHERE slug = 'default'));
ALTER TABLE lines ALTER COLUMN customer_id SET NOT NULL;
ALTER TABLE lines ADD CONSTRAINT lines_customer_fk FOREIGN KEY (customer_id) REFERENCES customers(id);

ALTER TABLE lines ADD COLUMN extension_in_customer VARCHAR(32);
UPDATE lines SET extension_in_customer = extension;
ALTER TABLE lines DROP COLUMN extension;
ALTER TABLE lines RENAME COLUMN extension_in_customer TO extension;
ALTER TABLE lines ALTER COLUMN extension SET NOT NULL;

ALTER TABLE lines ADD COLUMN auth_user_in_customer VARCHAR(64);
UPDATE lines SET auth_user_in_customer = auth_user;
ALTER TABLE lines DROP COLUMN auth_user;
ALTER TABLE lines RENAME COLUMN auth_user_in_customer TO auth_user;
ALTER TABLE lines ALTER COLUMN auth_user SET NOT NULL;

ALTER TABLE lines ADD CONSTRAINT lines_customer_extension_key UNIQUE (customer_id, extension);
ALTER TABLE lines ADD CONSTRAINT lines_customer_auth_user_key UNIQUE (customer_id, auth_user);
-- the SIP core and the admin API still look lines up by extension alone
CREATE INDEX lines_extension ON lines(extension);
CREATE INDEX lines_auth_user ON lines(auth_user);
