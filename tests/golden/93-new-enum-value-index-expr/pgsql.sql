-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:lZPhc2eqrLkufq0P09frgQQVNEwe4DOAbtQdwlwf/RY=
-- mig:up
CREATE TYPE mood AS ENUM ('ok');
CREATE TABLE t (
    id integer,
    m mood,
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
-- mig:state h1:xhUaYhhG62z35I7kLHc0+SJGTLEwVXMbY9gNEgNa4+Y=
-- mig:up
ALTER TYPE mood RENAME TO mood_mig_old;
CREATE TYPE mood AS ENUM ('ok', 'great');
ALTER TABLE t ALTER COLUMN m TYPE mood USING m::text::mood;
DROP TYPE mood_mig_old;
CREATE INDEX t_great ON t (((m = 'great'::mood)));
-- mig:down
DROP INDEX t_great;
ALTER TYPE mood RENAME TO mood_mig_old;
CREATE TYPE mood AS ENUM ('ok');
ALTER TABLE t ALTER COLUMN m TYPE mood USING m::text::mood;
DROP TYPE mood_mig_old;
