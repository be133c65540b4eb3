-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:WKsDoZsDk+nTFf5NXW39kh0II1HXGab71aofowSqW/w=
-- mig:up
-- SQLite: function bump() is left out (SQLite has no function)
-- SQLite: sequence ticket is left out (SQLite has no sequence)
-- SQLite: domain short_text is left out (SQLite has no domain)
CREATE TABLE note (
    id bigint NOT NULL,
    body text,
    touched integer NOT NULL DEFAULT 0,
    CONSTRAINT note_pkey PRIMARY KEY (id)
);

CREATE VIEW long_notes AS SELECT id, body FROM note WHERE length(body) > 10;
CREATE VIEW short_notes AS SELECT id FROM note WHERE length(body) <= 10;
CREATE TRIGGER note_count AFTER UPDATE OF body ON note BEGIN UPDATE note SET touched = touched + 1 WHERE id = NEW.id; END;
-- for PostgreSQL only: trigger note_count on note
-- SQLite: policy see_all on note is left out (SQLite has no policy)
-- mig:down
-- SQLite: policy see_all on note is left out (SQLite has no policy)
-- for PostgreSQL only: trigger note_count on note
DROP TRIGGER note_count;
DROP VIEW short_notes;
DROP VIEW long_notes;
-- destructive: drops table note and its rows
DROP TABLE note;
-- SQLite: domain short_text is left out (SQLite has no domain)
-- SQLite: sequence ticket is left out (SQLite has no sequence)
-- SQLite: function bump() is left out (SQLite has no function)
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:4KpQE0NebOTHs2JT/bLiUrAh7eBut1boiJtXQq8eD0g=
-- mig:up
-- for PostgreSQL only: trigger note_count on note
DROP TRIGGER note_count;
DROP VIEW short_notes;
-- SQLite: function bump_touched() is left out (SQLite has no function)
-- SQLite: sequence ticket_no is left out (SQLite has no sequence)
-- SQLite: domain brief_text is left out (SQLite has no domain)
DROP VIEW long_notes;
CREATE VIEW wordy_notes AS SELECT id, body FROM note WHERE length(body) > 10;
-- SQLite: policy readable on note is left out (SQLite has no policy)
CREATE VIEW brief_notes AS SELECT id, body FROM note WHERE length(body) <= 10;
CREATE TRIGGER note_touch AFTER UPDATE OF body ON note BEGIN UPDATE note SET touched = touched + 1 WHERE id = NEW.id; END;
-- for PostgreSQL only: trigger note_touch on note
-- mig:down
-- for PostgreSQL only: trigger note_touch on note
DROP TRIGGER note_touch;
DROP VIEW brief_notes;
-- SQLite: policy see_all on note is left out (SQLite has no policy)
DROP VIEW wordy_notes;
CREATE VIEW long_notes AS SELECT id, body FROM note WHERE length(body) > 10;
-- SQLite: domain short_text is left out (SQLite has no domain)
-- SQLite: sequence ticket is left out (SQLite has no sequence)
-- SQLite: function bump() is left out (SQLite has no function)
CREATE VIEW short_notes AS SELECT id FROM note WHERE length(body) <= 10;
CREATE TRIGGER note_count AFTER UPDATE OF body ON note BEGIN UPDATE note SET touched = touched + 1 WHERE id = NEW.id; END;
-- for PostgreSQL only: trigger note_count on note
