-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:clrSoEXjOFYJItdBIhRj9ktk1/Ml6TKiQuIQsq73iYs=
-- mig:up
CREATE TABLE ticket (
    id bigserial,
    CONSTRAINT ticket_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table ticket and its rows
DROP TABLE ticket;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:LAwxGMUXT4+u0EuqZkpLhOIF9IJBulQFYeJfJLDX7Rk=
-- mig:up
DO $mig$ BEGIN EXECUTE 'ALTER TABLE ' || 'ticket' || ' ALTER COLUMN ' || quote_ident('id') || ' DROP DEFAULT'; EXECUTE 'DROP SEQUENCE ' || pg_get_serial_sequence('ticket', 'id'); END $mig$;
-- mig:down
CREATE SEQUENCE ticket_id_seq AS bigint OWNED BY ticket.id;
ALTER TABLE ticket ALTER COLUMN id SET DEFAULT nextval('ticket_id_seq');
SELECT setval(pg_get_serial_sequence('ticket', 'id'), coalesce(max(id), 0) + 1, false) FROM ticket;
