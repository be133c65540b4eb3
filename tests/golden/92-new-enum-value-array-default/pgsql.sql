-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:nLktzBjwDH93qeD+NZZt8YCNbCfyLcf1fz8sl54L0aQ=
-- mig:up
CREATE TYPE mood AS ENUM ('ok');
CREATE TABLE t (
    id integer,
    CONSTRAINT t_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table t and its rows
DROP TABLE t;
DROP TYPE mood;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:aZleC1TFr7D7aqBP6k8YVjdQfRYkRPxxm4NyNmUxdnQ=
-- mig:up
ALTER TYPE mood RENAME TO mood_mig_old;
CREATE TYPE mood AS ENUM ('ok', 'great');
DROP TYPE mood_mig_old;
ALTER TABLE t ADD COLUMN moods mood[] DEFAULT '{great}';
-- mig:down
-- destructive: drops column t.moods and its data
ALTER TABLE t DROP COLUMN moods;
ALTER TYPE mood RENAME TO mood_mig_old;
CREATE TYPE mood AS ENUM ('ok');
DROP TYPE mood_mig_old;
