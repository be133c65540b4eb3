-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:WKsDoZsDk+nTFf5NXW39kh0II1HXGab71aofowSqW/w=
-- mig:up
CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.touched := OLD.touched + 1; RETURN NEW; END $$;
CREATE SEQUENCE ticket START WITH 100;
CREATE DOMAIN short_text AS text CONSTRAINT short_text_len CHECK (length(VALUE) < 20);
CREATE TABLE note (
    id bigint,
    body text,
    touched integer NOT NULL DEFAULT 0,
    CONSTRAINT note_pkey PRIMARY KEY (id)
);

CREATE VIEW long_notes AS SELECT id, body FROM note WHERE length(body) > 10;
COMMENT ON VIEW long_notes IS 'the long ones';
CREATE VIEW short_notes AS SELECT id FROM note WHERE length(body) <= 10;
-- for SQLite only: trigger note_count on note
CREATE TRIGGER note_count BEFORE UPDATE OF body ON note FOR EACH ROW EXECUTE FUNCTION bump();
CREATE POLICY see_all ON note FOR SELECT USING (true);
-- mig:down
DROP POLICY see_all ON note;
DROP TRIGGER note_count ON note;
-- for SQLite only: trigger note_count on note
DROP VIEW short_notes;
COMMENT ON VIEW long_notes IS NULL;
DROP VIEW long_notes;
-- destructive: drops table note and its rows
DROP TABLE note;
DROP DOMAIN short_text;
DROP SEQUENCE ticket;
DROP FUNCTION bump();
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:4KpQE0NebOTHs2JT/bLiUrAh7eBut1boiJtXQq8eD0g=
-- mig:up
DROP TRIGGER note_count ON note;
-- for SQLite only: trigger note_count on note
DROP VIEW short_notes;
ALTER FUNCTION bump() RENAME TO bump_touched;
ALTER SEQUENCE ticket RENAME TO ticket_no;
ALTER DOMAIN short_text RENAME TO brief_text;
ALTER VIEW long_notes RENAME TO wordy_notes;
ALTER POLICY see_all ON note RENAME TO readable;
CREATE VIEW brief_notes AS SELECT id, body FROM note WHERE length(body) <= 10;
-- for SQLite only: trigger note_touch on note
CREATE TRIGGER note_touch BEFORE UPDATE OF body ON note FOR EACH ROW EXECUTE FUNCTION bump_touched();
-- mig:down
DROP TRIGGER note_touch ON note;
-- for SQLite only: trigger note_touch on note
DROP VIEW brief_notes;
ALTER POLICY readable ON note RENAME TO see_all;
ALTER VIEW wordy_notes RENAME TO long_notes;
ALTER DOMAIN brief_text RENAME TO short_text;
ALTER SEQUENCE ticket_no RENAME TO ticket;
ALTER FUNCTION bump_touched() RENAME TO bump;
CREATE VIEW short_notes AS SELECT id FROM note WHERE length(body) <= 10;
-- for SQLite only: trigger note_count on note
CREATE TRIGGER note_count BEFORE UPDATE OF body ON note FOR EACH ROW EXECUTE FUNCTION bump();
