-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:MiQ8kcFtWUiW97DfiCRP1eFQ/PhGAEnCdgBm/NtrmB0=
-- mig:up
CREATE TABLE item (
    id bigint,
    name varchar(100) NOT NULL,
    code text,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:TrtIXIS3F1+s5NiMdF+e1Cxx0q50/1jIKdpLWNySN6U=
-- mig:up
ALTER TABLE item ALTER COLUMN code TYPE text COLLATE "C";
-- mig:down
ALTER TABLE item ALTER COLUMN code TYPE text;
