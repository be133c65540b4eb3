-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:auvJEQARVdGcDGt9qJ4D6GwCzoJdvhTyI3cZkWSvD/U=
-- mig:up
CREATE TYPE mood AS ENUM ('ok', 'meh', 'sad');
CREATE TABLE item (
    id bigint,
    name varchar(100) NOT NULL,
    mood mood DEFAULT 'ok',
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
-- mig:state h1:7PWQkJGXCH9AsyXoMfA26Imn4xOkpft0547/fpc+uF0=
-- mig:up
-- destructive: removes values of enum mood (rows holding them make it fail)
ALTER TYPE mood RENAME TO mood_mig_old;
CREATE TYPE mood AS ENUM ('ok', 'sad');
ALTER TABLE item ALTER COLUMN mood DROP DEFAULT;
ALTER TABLE item ALTER COLUMN mood TYPE mood USING mood::text::mood;
ALTER TABLE item ALTER COLUMN mood SET DEFAULT 'ok';
DROP TYPE mood_mig_old;
-- mig:down
ALTER TYPE mood RENAME TO mood_mig_old;
CREATE TYPE mood AS ENUM ('ok', 'meh', 'sad');
ALTER TABLE item ALTER COLUMN mood DROP DEFAULT;
ALTER TABLE item ALTER COLUMN mood TYPE mood USING mood::text::mood;
ALTER TABLE item ALTER COLUMN mood SET DEFAULT 'ok';
DROP TYPE mood_mig_old;
