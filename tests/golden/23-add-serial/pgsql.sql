-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:/pCk2RkPbrbDba2PYDSYEW4yU2Hu1AKJneVBtC3yG1I=
-- mig:up
CREATE TABLE ticket (
    id integer,
    t text,
    CONSTRAINT ticket_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table ticket and its rows
DROP TABLE ticket;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:7iIVy/MBhNGiNGOUh36fOCTl3dEmQe/SBs955rEWFQk=
-- mig:up
CREATE SEQUENCE ticket_id_seq AS integer OWNED BY ticket.id;
ALTER TABLE ticket ALTER COLUMN id SET DEFAULT nextval('ticket_id_seq');
SELECT setval(pg_get_serial_sequence('ticket', 'id'), coalesce(max(id), 0) + 1, false) FROM ticket;
-- mig:down
DO $mig$ BEGIN EXECUTE 'ALTER TABLE ' || 'ticket' || ' ALTER COLUMN ' || quote_ident('id') || ' DROP DEFAULT'; EXECUTE 'DROP SEQUENCE ' || pg_get_serial_sequence('ticket', 'id'); END $mig$;
