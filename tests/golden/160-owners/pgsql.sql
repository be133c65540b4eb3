-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:1Pr6RljCCZ3M1V3rmxL+tb8ohdaha1KMSZ9PgMlblJ0=
-- mig:up
CREATE SCHEMA billing;
ALTER SCHEMA billing OWNER TO mig_scenario_owner_a;
CREATE FUNCTION add_one(i integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT i + 1 $$;
ALTER FUNCTION add_one(integer) OWNER TO mig_scenario_owner_a;
CREATE TABLE billing.invoice (
    id bigint,
    total numeric(10,2) NOT NULL,
    CONSTRAINT invoice_pkey PRIMARY KEY (id)
);

ALTER TABLE billing.invoice OWNER TO mig_scenario_owner_a;
CREATE TABLE account (
    id bigint,
    name text NOT NULL,
    CONSTRAINT account_pkey PRIMARY KEY (id)
);

ALTER TABLE account OWNER TO mig_scenario_owner_a;
CREATE TABLE note (
    id bigint,
    body text,
    CONSTRAINT note_pkey PRIMARY KEY (id)
);

CREATE VIEW account_names AS SELECT name FROM account;
ALTER VIEW account_names OWNER TO mig_scenario_owner_a;
-- mig:down
DROP VIEW account_names;
-- destructive: drops table note and its rows
DROP TABLE note;
-- destructive: drops table account and its rows
DROP TABLE account;
-- destructive: drops table billing.invoice and its rows
DROP TABLE billing.invoice;
DROP FUNCTION add_one(integer);
DROP SCHEMA billing;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:AMS3fHXFNW1J3FX98ueRieMknnI48CgVOMKWWDLynvc=
-- mig:up
CREATE SEQUENCE ticket_seq AS bigint START WITH 10;
ALTER SEQUENCE ticket_seq OWNER TO mig_scenario_owner_b;
CREATE TABLE billing.payment (
    id bigint,
    CONSTRAINT payment_pkey PRIMARY KEY (id)
);

ALTER TABLE billing.payment OWNER TO mig_scenario_owner_a;
CREATE VIEW note_bodies AS SELECT body FROM note;
ALTER VIEW note_bodies OWNER TO mig_scenario_owner_b;
CREATE SEQUENCE billing.payment_no START WITH 5;
ALTER SEQUENCE billing.payment_no OWNER TO mig_scenario_owner_a;
ALTER SEQUENCE billing.payment_no OWNED BY billing.payment.id;
ALTER SEQUENCE billing.payment_no OWNER TO mig_scenario_owner_a;
ALTER SCHEMA billing OWNER TO mig_scenario_owner_b;
ALTER TABLE billing.invoice OWNER TO mig_scenario_owner_b;
ALTER TABLE account OWNER TO CURRENT_USER;
ALTER TABLE note OWNER TO mig_scenario_owner_b;
ALTER FUNCTION add_one(integer) OWNER TO mig_scenario_owner_b;
-- mig:down
ALTER FUNCTION add_one(integer) OWNER TO mig_scenario_owner_a;
ALTER TABLE note OWNER TO CURRENT_USER;
ALTER TABLE account OWNER TO mig_scenario_owner_a;
ALTER TABLE billing.invoice OWNER TO mig_scenario_owner_a;
ALTER SCHEMA billing OWNER TO mig_scenario_owner_a;
DROP SEQUENCE billing.payment_no;
DROP VIEW note_bodies;
-- destructive: drops table billing.payment and its rows
DROP TABLE billing.payment;
DROP SEQUENCE ticket_seq;
