-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:1k7FOakOXWhT9KeojYF/cZ4V1C+mO3cWqiEPRj7PyHM=
-- mig:up
CREATE TABLE p (
    id integer,
    name text
);

-- mig:down
-- destructive: drops table p and its rows
DROP TABLE p;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:ctsl7RVr5422l9vpDd59mSJG+yWC2H4YFKhqxUg0EX0=
-- mig:up
ALTER TABLE p ALTER COLUMN id SET NOT NULL;
ALTER TABLE p ADD CONSTRAINT p_pkey PRIMARY KEY (id);
CREATE TABLE c (
    id integer,
    p_id integer,
    CONSTRAINT c_pkey PRIMARY KEY (id),
    CONSTRAINT c_p_id_fkey FOREIGN KEY (p_id) REFERENCES p (id)
);

-- mig:down
-- destructive: drops table c and its rows
DROP TABLE c;
ALTER TABLE p DROP CONSTRAINT p_pkey;
ALTER TABLE p ALTER COLUMN id DROP NOT NULL;
