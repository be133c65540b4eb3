-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:PPiDHXR+VTGJYoZ/T3HelAPLT1eZH6tY+4dVvecqHs8=
-- mig:up
CREATE TABLE p (
    id integer,
    CONSTRAINT p_pkey PRIMARY KEY (id)
);

CREATE TABLE c (
    id integer,
    p_id integer,
    CONSTRAINT c_pkey PRIMARY KEY (id),
    CONSTRAINT c_p_id_fkey FOREIGN KEY (p_id) REFERENCES p (id)
);

-- mig:down
-- destructive: drops table c and its rows
DROP TABLE c;
-- destructive: drops table p and its rows
DROP TABLE p;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:RwNVh0/m3lRSks1xSz3QRXhBJ16LoP/VVwn6M4Mzfok=
-- mig:up
ALTER TABLE c DROP CONSTRAINT c_p_id_fkey;
ALTER TABLE p ALTER COLUMN id TYPE text USING id::text;
ALTER TABLE c ALTER COLUMN p_id TYPE text USING p_id::text;
ALTER TABLE c ADD CONSTRAINT c_p_id_fkey FOREIGN KEY (p_id) REFERENCES p (id);
-- mig:down
ALTER TABLE c DROP CONSTRAINT c_p_id_fkey;
ALTER TABLE c ALTER COLUMN p_id TYPE integer USING p_id::integer;
ALTER TABLE p ALTER COLUMN id TYPE integer USING id::integer;
ALTER TABLE c ADD CONSTRAINT c_p_id_fkey FOREIGN KEY (p_id) REFERENCES p (id);
