-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:ktgz4pVdinB7wzi8o59fAgPrOg6Yy7RgFFc/i2RiV+Y=
-- mig:up
CREATE TYPE mood AS ENUM ('ok', 'meh', 'sad');
CREATE TABLE item (
    id bigint,
    moods mood[] DEFAULT '{ok}',
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
-- mig:state h1:v8IvH+mT79Zmh2gZTje+z0ExbnAVp+u2emqEREqxdzI=
-- mig:up
-- destructive: removes values of enum mood (rows holding them make it fail)
ALTER TYPE mood RENAME TO mood_mig_old;
CREATE TYPE mood AS ENUM ('ok', 'sad');
ALTER TABLE item ALTER COLUMN moods DROP DEFAULT;
ALTER TABLE item ALTER COLUMN moods TYPE mood[] USING moods::text[]::mood[];
ALTER TABLE item ALTER COLUMN moods SET DEFAULT '{ok}';
DROP TYPE mood_mig_old;
-- mig:down
ALTER TYPE mood RENAME TO mood_mig_old;
CREATE TYPE mood AS ENUM ('ok', 'meh', 'sad');
ALTER TABLE item ALTER COLUMN moods DROP DEFAULT;
ALTER TABLE item ALTER COLUMN moods TYPE mood[] USING moods::text[]::mood[];
ALTER TABLE item ALTER COLUMN moods SET DEFAULT '{ok}';
DROP TYPE mood_mig_old;
