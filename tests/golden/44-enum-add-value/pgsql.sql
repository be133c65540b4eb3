-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:8xDvUKtMSDDsYjqsbRLWHXwUU5GiVE7xqJQ6Xz5mTR8=
-- mig:up
CREATE TYPE mood AS ENUM ('ok', 'sad');
CREATE TABLE item (
    id bigint,
    name varchar(100) NOT NULL,
    mood mood,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
DROP TYPE mood;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:ZivoOmXg3sM406UXmTMo87rgI2EdSB9G+6hQal6WDIw=
-- mig:up
ALTER TYPE mood ADD VALUE 'happy' BEFORE 'ok';
ALTER TYPE mood ADD VALUE 'meh' AFTER 'ok';
ALTER TYPE mood ADD VALUE 'angry' AFTER 'sad';
-- mig:down
ALTER TYPE mood RENAME TO mood_mig_old;
CREATE TYPE mood AS ENUM ('ok', 'sad');
ALTER TABLE item ALTER COLUMN mood TYPE mood USING mood::text::mood;
DROP TYPE mood_mig_old;
