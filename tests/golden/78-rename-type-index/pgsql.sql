-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:iDxntxd5b9yRMq9U0bANlMpzTX0ziOD5PAZCED5rJr0=
-- mig:up
CREATE TABLE t (
    id bigint,
    mail varchar(100) DEFAULT 'x',
    CONSTRAINT t_pkey PRIMARY KEY (id)
);

COMMENT ON COLUMN t.mail IS 'c';
CREATE INDEX t_mail_idx ON t (mail);
-- mig:down
-- destructive: drops table t and its rows
DROP TABLE t;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:U80PABGOKUvcbBS/2gzFqy0y3wA29wJA8o5DV95I8EM=
-- mig:up
ALTER TABLE t RENAME COLUMN mail TO email;
ALTER INDEX t_mail_idx RENAME TO t_email_idx;
ALTER TABLE t ALTER COLUMN email DROP DEFAULT;
ALTER TABLE t ALTER COLUMN email TYPE text USING email::text;
ALTER TABLE t ALTER COLUMN email SET DEFAULT 'y';
UPDATE t SET email = 'y' WHERE email IS NULL;
ALTER TABLE t ALTER COLUMN email SET NOT NULL;
ALTER TABLE t ADD CONSTRAINT t_email_key UNIQUE (email);
CREATE INDEX t_lower ON t (id) WHERE email <> '';
COMMENT ON COLUMN t.email IS 'd';
-- mig:down
COMMENT ON COLUMN t.email IS 'c';
DROP INDEX t_lower;
ALTER TABLE t DROP CONSTRAINT t_email_key;
ALTER TABLE t ALTER COLUMN email DROP NOT NULL;
ALTER TABLE t ALTER COLUMN email DROP DEFAULT;
ALTER TABLE t ALTER COLUMN email TYPE varchar(100) USING email::varchar(100);
ALTER TABLE t ALTER COLUMN email SET DEFAULT 'x';
ALTER INDEX t_email_idx RENAME TO t_mail_idx;
ALTER TABLE t RENAME COLUMN email TO mail;
