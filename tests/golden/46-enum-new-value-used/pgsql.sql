-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:1l8DT6u3GmoGbk4cISmEu7MurM4g+VYQuswvcmY//QA=
-- mig:up
CREATE TYPE mood AS ENUM ('ok');
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
-- mig:state h1:bK/XKoeDYJ5LNZOWM9m7rmbr4GvjNThU++hJhMb5efg=
-- mig:up
ALTER TYPE mood RENAME TO mood_mig_old;
CREATE TYPE mood AS ENUM ('ok', 'great');
ALTER TABLE item ALTER COLUMN mood DROP DEFAULT;
ALTER TABLE item ALTER COLUMN mood TYPE mood USING mood::text::mood;
ALTER TABLE item ALTER COLUMN mood SET DEFAULT 'great';
DROP TYPE mood_mig_old;
-- mig:down
ALTER TYPE mood RENAME TO mood_mig_old;
CREATE TYPE mood AS ENUM ('ok');
ALTER TABLE item ALTER COLUMN mood DROP DEFAULT;
ALTER TABLE item ALTER COLUMN mood TYPE mood USING mood::text::mood;
DROP TYPE mood_mig_old;
