ALTER TABLE account ADD COLUMN phone text NOT NULL DEFAULT 'x';
ALTER TABLE account RENAME COLUMN email TO mail;
CREATE UNIQUE INDEX note_body_idx2 ON note (lower(body));
CREATE TABLE tag (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE CHECK (length(name) > 0), account_id INTEGER REFERENCES account(id) ON DELETE SET NULL);
DROP INDEX note_body_idx;
INSERT OR IGNORE INTO account (email) VALUES ('a');
CREATE VIEW v AS SELECT 1;
