-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:fhZHFbOWqQ8m40I6XOBLtLQ9mqkU1vunniFpydJw28g=
-- mig:up
CREATE TABLE p (
    id integer,
    code text,
    CONSTRAINT p_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table p and its rows
DROP TABLE p;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:PjZSGBvQbHQtP3C9NvV7VIS0cK47W/VVS5pst2rXa38=
-- mig:up
ALTER TABLE p ADD CONSTRAINT p_code_key UNIQUE (code);
CREATE TABLE c (
    id integer,
    code text,
    CONSTRAINT c_pkey PRIMARY KEY (id),
    CONSTRAINT c_code_fkey FOREIGN KEY (code) REFERENCES p (code)
);

-- mig:down
-- destructive: drops table c and its rows
DROP TABLE c;
ALTER TABLE p DROP CONSTRAINT p_code_key;
