-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:1Pr6RljCCZ3M1V3rmxL+tb8ohdaha1KMSZ9PgMlblJ0=
-- mig:up
CREATE SCHEMA billing;
-- SQLite: function add_one(integer) is left out (SQLite has no function)
CREATE TABLE billing.invoice (
    id bigint NOT NULL,
    total numeric(10,2) NOT NULL,
    CONSTRAINT invoice_pkey PRIMARY KEY (id)
);

CREATE TABLE account (
    id bigint NOT NULL,
    name text NOT NULL,
    CONSTRAINT account_pkey PRIMARY KEY (id)
);

CREATE TABLE note (
    id bigint NOT NULL,
    body text,
    CONSTRAINT note_pkey PRIMARY KEY (id)
);

CREATE VIEW account_names AS SELECT name FROM account;
-- mig:down
DROP VIEW account_names;
-- destructive: drops table note and its rows
DROP TABLE note;
-- destructive: drops table account and its rows
DROP TABLE account;
-- destructive: drops table billing.invoice and its rows
DROP TABLE billing.invoice;
-- SQLite: function add_one(integer) is left out (SQLite has no function)
DROP SCHEMA billing;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:AMS3fHXFNW1J3FX98ueRieMknnI48CgVOMKWWDLynvc=
-- mig:up
-- SQLite: sequence ticket_seq is left out (SQLite has no sequence)
CREATE TABLE billing.payment (
    id bigint NOT NULL,
    CONSTRAINT payment_pkey PRIMARY KEY (id)
);

CREATE VIEW note_bodies AS SELECT body FROM note;
-- SQLite: sequence billing.payment_no is left out (SQLite has no sequence)
-- mig:down
-- SQLite: sequence billing.payment_no is left out (SQLite has no sequence)
DROP VIEW note_bodies;
-- destructive: drops table billing.payment and its rows
DROP TABLE billing.payment;
-- SQLite: sequence ticket_seq is left out (SQLite has no sequence)
