-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:r3M7nw267ae3lPMW0oO3+DTBi+BtUOt3BHnqiBfUqNM=
-- mig:up
CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.touched := OLD.touched + 1; RETURN NEW; END $$;
CREATE SEQUENCE ticket START WITH 100;
CREATE DOMAIN short_text AS text CONSTRAINT short_text_len CHECK (length(VALUE) < 20);
CREATE TYPE pair AS (a integer, b integer);
CREATE TABLE note (
    id bigint,
    body text,
    touched integer NOT NULL DEFAULT 0,
    CONSTRAINT note_pkey PRIMARY KEY (id)
);

CREATE TABLE slot (
    id bigint,
    during tsrange,
    CONSTRAINT slot_pkey PRIMARY KEY (id)
);

CREATE VIEW long_notes AS SELECT id, body FROM note WHERE length(body) > 10;
COMMENT ON VIEW long_notes IS 'the long ones';
CREATE VIEW short_notes AS SELECT id FROM note WHERE length(body) <= 10;
-- for SQLite only: trigger note_count on note
CREATE TRIGGER note_count BEFORE UPDATE OF body ON note FOR EACH ROW EXECUTE FUNCTION bump();
CREATE POLICY see_all ON note FOR SELECT USING (true);
ALTER TABLE slot ADD CONSTRAINT slot_no_overlap EXCLUDE USING gist (during WITH &&);
CREATE MATERIALIZED VIEW note_totals AS SELECT count(*) AS n FROM note;
CREATE UNIQUE INDEX note_totals_n ON note_totals (n);
CREATE RULE no_delete AS ON DELETE TO slot DO INSTEAD NOTHING;
-- mig:down
DROP RULE no_delete ON slot;
DROP INDEX note_totals_n;
DROP MATERIALIZED VIEW note_totals;
ALTER TABLE slot DROP CONSTRAINT slot_no_overlap;
DROP POLICY see_all ON note;
DROP TRIGGER note_count ON note;
-- for SQLite only: trigger note_count on note
DROP VIEW short_notes;
COMMENT ON VIEW long_notes IS NULL;
DROP VIEW long_notes;
-- destructive: drops table slot and its rows
DROP TABLE slot;
-- destructive: drops table note and its rows
DROP TABLE note;
DROP TYPE pair;
DROP DOMAIN short_text;
DROP SEQUENCE ticket;
DROP FUNCTION bump();
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:ws8IvUW4K2FqkxF6xHLSYhSZyGXDRJVgRqdYGo/E+jk=
-- mig:up
DROP INDEX note_totals_n;
DROP TRIGGER note_count ON note;
-- for SQLite only: trigger note_count on note
DROP VIEW short_notes;
ALTER FUNCTION bump() RENAME TO bump_touched;
ALTER SEQUENCE ticket RENAME TO ticket_no;
ALTER DOMAIN short_text RENAME TO brief_text;
ALTER TYPE pair RENAME TO int_pair;
ALTER VIEW long_notes RENAME TO wordy_notes;
ALTER POLICY see_all ON note RENAME TO readable;
ALTER TABLE slot RENAME CONSTRAINT slot_no_overlap TO slot_apart;
ALTER MATERIALIZED VIEW note_totals RENAME TO note_count;
ALTER RULE no_delete ON slot RENAME TO keep_slots;
CREATE VIEW brief_notes AS SELECT id, body FROM note WHERE length(body) <= 10;
-- for SQLite only: trigger note_touch on note
CREATE TRIGGER note_touch BEFORE UPDATE OF body ON note FOR EACH ROW EXECUTE FUNCTION bump_touched();
CREATE UNIQUE INDEX note_count_n ON note_count (n);
-- mig:down
DROP INDEX note_count_n;
DROP TRIGGER note_touch ON note;
-- for SQLite only: trigger note_touch on note
DROP VIEW brief_notes;
ALTER RULE keep_slots ON slot RENAME TO no_delete;
ALTER MATERIALIZED VIEW note_count RENAME TO note_totals;
ALTER TABLE slot RENAME CONSTRAINT slot_apart TO slot_no_overlap;
ALTER POLICY readable ON note RENAME TO see_all;
ALTER VIEW wordy_notes RENAME TO long_notes;
ALTER TYPE int_pair RENAME TO pair;
ALTER DOMAIN brief_text RENAME TO short_text;
ALTER SEQUENCE ticket_no RENAME TO ticket;
ALTER FUNCTION bump_touched() RENAME TO bump;
CREATE VIEW short_notes AS SELECT id FROM note WHERE length(body) <= 10;
-- for SQLite only: trigger note_count on note
CREATE TRIGGER note_count BEFORE UPDATE OF body ON note FOR EACH ROW EXECUTE FUNCTION bump();
CREATE UNIQUE INDEX note_totals_n ON note_totals (n);
