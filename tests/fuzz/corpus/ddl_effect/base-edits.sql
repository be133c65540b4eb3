ALTER TABLE account ADD COLUMN phone text NOT NULL DEFAULT 'x';
ALTER TABLE account RENAME COLUMN email TO mail;
CREATE UNIQUE INDEX note_body_idx2 ON note (lower(body));
ALTER TYPE mood ADD VALUE 'happy';
ALTER TABLE note DROP CONSTRAINT note_account_id_fkey;
COMMENT ON TABLE account IS 'people';
INSERT INTO account (email) VALUES ('a');
