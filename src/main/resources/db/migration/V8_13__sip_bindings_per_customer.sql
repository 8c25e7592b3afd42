-- The SIP core keeps each customer's registrations apart (issue 17): the address of record of a
-- binding is the bare extension for the installation's own SIP domain (as before, so stored rows
-- stay valid) and extension@domain for a customer with a SIP domain of its own, which no longer
-- fits 32 characters. Portable between H2 2.x and PostgreSQL 15.
ALTER TABLE sip_bindings ALTER COLUMN extension SET DATA TYPE VARCHAR(300);
