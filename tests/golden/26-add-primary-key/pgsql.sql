-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:G/lREMe7OfpPjhbfbtU3qgVV1TaLc7SQzg/1jvbVf1o=
-- mig:up
CREATE TABLE plain (
    id integer NOT NULL,
    v text
);

-- mig:down
-- destructive: drops table plain and its rows
DROP TABLE plain;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:4u2Bv0LT6wL5WLOWUjndUGi8WvZylz+dNMkUIVoYWWk=
-- mig:up
ALTER TABLE plain ADD CONSTRAINT plain_pkey PRIMARY KEY (id);
-- mig:down
ALTER TABLE plain DROP CONSTRAINT plain_pkey;
