-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:gSoKGAIIZOmkBWUueScbyY2dk3FQYEaSyaj5GTsFyN4=
-- mig:up
CREATE TYPE mood AS ENUM ('ok', 'meh');
CREATE TABLE t (
    id integer,
    m mood DEFAULT 'ok'::mood,
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
-- mig:state h1:paYuciwJPQlC6NXMA+Q7BEXHQr7EejNFhHXSfqY9GeY=
-- mig:up
ALTER TYPE mood RENAME TO mood_mig_old;
CREATE TYPE mood AS ENUM ('meh', 'ok');
ALTER TABLE t ALTER COLUMN m DROP DEFAULT;
ALTER TABLE t ALTER COLUMN m TYPE mood USING m::text::mood;
ALTER TABLE t ALTER COLUMN m SET DEFAULT 'ok'::mood;
DROP TYPE mood_mig_old;
-- mig:down
ALTER TYPE mood RENAME TO mood_mig_old;
CREATE TYPE mood AS ENUM ('ok', 'meh');
ALTER TABLE t ALTER COLUMN m DROP DEFAULT;
ALTER TABLE t ALTER COLUMN m TYPE mood USING m::text::mood;
ALTER TABLE t ALTER COLUMN m SET DEFAULT 'ok'::mood;
DROP TYPE mood_mig_old;
