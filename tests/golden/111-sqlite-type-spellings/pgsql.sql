-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:7FVTh4RtVsMksJBzUymHahb+MTDNo8qqi6oqB35l/7I=
-- mig:up
CREATE TABLE account (
    id integer,
    email varchar(255),
    token char(36),
    payload text,
    CONSTRAINT account_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table account and its rows
DROP TABLE account;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:y8Uk+EYAJ4OGH2APaJEAXFhPh88DViDafC9JbeEOGAo=
-- mig:up
ALTER TABLE account ADD COLUMN note text;
ALTER TABLE account ADD CONSTRAINT account_email_check CHECK (length(email) > 3);
-- mig:down
ALTER TABLE account DROP CONSTRAINT account_email_check;
-- destructive: drops column account.note and its data
ALTER TABLE account DROP COLUMN note;
