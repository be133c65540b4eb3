-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:r50+2vvVskfWIqv+cgmGzKfEXuqX+3ZmPpEThyrtfn4=
-- mig:up
CREATE TABLE head (
    a integer NOT NULL,
    b integer NOT NULL,
    CONSTRAINT head_pkey PRIMARY KEY (a, b)
);

-- mig:down
-- destructive: drops table head and its rows
DROP TABLE head;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:vTIZLxGa++VMshxBNixKezmMgJl6UTMzQfXNUgUcJiE=
-- mig:up
CREATE TABLE line (
    id integer NOT NULL,
    ha integer,
    hb integer,
    CONSTRAINT line_pkey PRIMARY KEY (id),
    CONSTRAINT line_ha_hb_fkey FOREIGN KEY (ha, hb) REFERENCES head (a, b) ON DELETE RESTRICT DEFERRABLE INITIALLY DEFERRED
);

-- mig:down
-- destructive: drops table line and its rows
DROP TABLE line;
