-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:PUEaBnz6d5dDKjDnmSauvVocOfvbfYc7a/+AxweRjeM=
-- mig:up
CREATE TABLE kid (
    id integer,
    a integer,
    CONSTRAINT kid_pkey PRIMARY KEY (id),
    CONSTRAINT kid_check CHECK (a > 0),
    CONSTRAINT child_check CHECK (a < 100)
);

-- mig:down
-- destructive: drops table kid and its rows
DROP TABLE kid;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:BTQe7/tOuqoxEOHnbV1GFYaCqsmk0GUziW8kzN5pGrs=
-- mig:up
ALTER TABLE kid RENAME TO child;
ALTER TABLE child RENAME CONSTRAINT kid_pkey TO child_pkey;
ALTER TABLE child RENAME CONSTRAINT kid_check TO child_check1;
-- mig:down
ALTER TABLE child RENAME CONSTRAINT child_check1 TO kid_check;
ALTER TABLE child RENAME CONSTRAINT child_pkey TO kid_pkey;
ALTER TABLE child RENAME TO kid;
