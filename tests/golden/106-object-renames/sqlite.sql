-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:r3M7nw267ae3lPMW0oO3+DTBi+BtUOt3BHnqiBfUqNM=
-- mig:up
-- SQLite: function bump() is left out (SQLite has no function)
-- SQLite: sequence ticket is left out (SQLite has no sequence)
-- SQLite: domain short_text is left out (SQLite has no domain)
-- SQLite: type pair is left out (SQLite has no type)
CREATE TABLE note (
    id bigint NOT NULL,
    body text,
    touched integer NOT NULL DEFAULT 0,
    CONSTRAINT note_pkey PRIMARY KEY (id)
);

CREATE TABLE slot (
    id bigint NOT NULL,
    during text,
    CONSTRAINT slot_pkey PRIMARY KEY (id)
);

CREATE VIEW long_notes AS SELECT id, body FROM note WHERE length(body) > 10;
CREATE VIEW short_notes AS SELECT id FROM note WHERE length(body) <= 10;
CREATE TRIGGER note_count AFTER UPDATE OF body ON note BEGIN UPDATE note SET touched = touched + 1 WHERE id = NEW.id; END;
-- for PostgreSQL only: trigger note_count on note
-- SQLite: policy see_all on note is left out (SQLite has no policy)
-- SQLite: constraint slot_no_overlap on slot is left out (SQLite has no constraint)
-- SQLite: materialized-view note_totals is left out (SQLite has no materialized-view)
-- SQLite: view-index note_totals_n on note_totals is left out (SQLite has no view-index)
-- SQLite: rule no_delete on slot is left out (SQLite has no rule)
-- mig:down
-- SQLite: rule no_delete on slot is left out (SQLite has no rule)
-- SQLite: view-index note_totals_n on note_totals is left out (SQLite has no view-index)
-- SQLite: materialized-view note_totals is left out (SQLite has no materialized-view)
-- SQLite: constraint slot_no_overlap on slot is left out (SQLite has no constraint)
-- SQLite: policy see_all on note is left out (SQLite has no policy)
-- for PostgreSQL only: trigger note_count on note
DROP TRIGGER note_count;
DROP VIEW short_notes;
DROP VIEW long_notes;
-- destructive: drops table slot and its rows
DROP TABLE slot;
-- destructive: drops table note and its rows
DROP TABLE note;
-- SQLite: type pair is left out (SQLite has no type)
-- SQLite: domain short_text is left out (SQLite has no domain)
-- SQLite: sequence ticket is left out (SQLite has no sequence)
-- SQLite: function bump() is left out (SQLite has no function)
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:ws8IvUW4K2FqkxF6xHLSYhSZyGXDRJVgRqdYGo/E+jk=
-- mig:up
-- SQLite: view-index note_totals_n on note_totals is left out (SQLite has no view-index)
-- for PostgreSQL only: trigger note_count on note
DROP TRIGGER note_count;
DROP VIEW short_notes;
-- SQLite: function bump_touched() is left out (SQLite has no function)
-- SQLite: sequence ticket_no is left out (SQLite has no sequence)
-- SQLite: domain brief_text is left out (SQLite has no domain)
-- SQLite: type int_pair is left out (SQLite has no type)
DROP VIEW long_notes;
CREATE VIEW wordy_notes AS SELECT id, body FROM note WHERE length(body) > 10;
-- SQLite: policy readable on note is left out (SQLite has no policy)
-- SQLite: constraint slot_apart on slot is left out (SQLite has no constraint)
-- SQLite: materialized-view note_count is left out (SQLite has no materialized-view)
-- SQLite: rule keep_slots on slot is left out (SQLite has no rule)
CREATE VIEW brief_notes AS SELECT id, body FROM note WHERE length(body) <= 10;
CREATE TRIGGER note_touch AFTER UPDATE OF body ON note BEGIN UPDATE note SET touched = touched + 1 WHERE id = NEW.id; END;
-- for PostgreSQL only: trigger note_touch on note
-- SQLite: view-index note_count_n on note_count is left out (SQLite has no view-index)
-- mig:down
-- SQLite: view-index note_count_n on note_count is left out (SQLite has no view-index)
-- for PostgreSQL only: trigger note_touch on note
DROP TRIGGER note_touch;
DROP VIEW brief_notes;
-- SQLite: rule no_delete on slot is left out (SQLite has no rule)
-- SQLite: materialized-view note_totals is left out (SQLite has no materialized-view)
-- SQLite: constraint slot_no_overlap on slot is left out (SQLite has no constraint)
-- SQLite: policy see_all on note is left out (SQLite has no policy)
DROP VIEW wordy_notes;
CREATE VIEW long_notes AS SELECT id, body FROM note WHERE length(body) > 10;
-- SQLite: type pair is left out (SQLite has no type)
-- SQLite: domain short_text is left out (SQLite has no domain)
-- SQLite: sequence ticket is left out (SQLite has no sequence)
-- SQLite: function bump() is left out (SQLite has no function)
CREATE VIEW short_notes AS SELECT id FROM note WHERE length(body) <= 10;
CREATE TRIGGER note_count AFTER UPDATE OF body ON note BEGIN UPDATE note SET touched = touched + 1 WHERE id = NEW.id; END;
-- for PostgreSQL only: trigger note_count on note
-- SQLite: view-index note_totals_n on note_totals is left out (SQLite has no view-index)
