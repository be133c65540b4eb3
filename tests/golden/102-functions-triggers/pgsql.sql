-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:iibKpXZVG/3I3KCJbzjQ/E/+P2GflaURMg1BhKD17RA=
-- mig:up
CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated := OLD.updated + 1; RETURN NEW; END $$;
CREATE TABLE account (
    id bigint,
    email text NOT NULL,
    updated integer NOT NULL DEFAULT 0,
    CONSTRAINT account_pkey PRIMARY KEY (id)
);

CREATE TRIGGER account_bump BEFORE UPDATE ON account FOR EACH ROW EXECUTE FUNCTION bump();
-- mig:down
DROP TRIGGER account_bump ON account;
-- destructive: drops table account and its rows
DROP TABLE account;
DROP FUNCTION bump();
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:MKvObWOGvptgbr1BAvlKT4Bk/952IagKDBoseS3dpr0=
-- mig:up
DROP TRIGGER account_bump ON account;
CREATE OR REPLACE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated := OLD.updated + 10; RETURN NEW; END $$;
CREATE FUNCTION normalized_email(e text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(e) $$;
CREATE PROCEDURE reset_counts() LANGUAGE sql AS $$ UPDATE account SET updated = 0 $$;
ALTER TABLE account ALTER COLUMN email SET DEFAULT normalized_email('NOBODY@EXAMPLE.COM');
ALTER TABLE account ADD CONSTRAINT account_email_lower CHECK (email = normalized_email(email));
CREATE TRIGGER account_bump BEFORE UPDATE ON account FOR EACH ROW WHEN (OLD.email IS DISTINCT FROM NEW.email) EXECUTE FUNCTION bump();
COMMENT ON TRIGGER account_bump ON account IS 'counts email changes';
COMMENT ON FUNCTION bump() IS 'counts updates by tens';
-- mig:down
COMMENT ON FUNCTION bump() IS NULL;
COMMENT ON TRIGGER account_bump ON account IS NULL;
DROP TRIGGER account_bump ON account;
ALTER TABLE account DROP CONSTRAINT account_email_lower;
ALTER TABLE account ALTER COLUMN email DROP DEFAULT;
DROP PROCEDURE reset_counts();
DROP FUNCTION normalized_email(text);
CREATE OR REPLACE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated := OLD.updated + 1; RETURN NEW; END $$;
CREATE TRIGGER account_bump BEFORE UPDATE ON account FOR EACH ROW EXECUTE FUNCTION bump();
