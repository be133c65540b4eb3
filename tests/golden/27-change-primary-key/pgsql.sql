-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:rfCANTudFglbk5/gBMkv3/YJEAANG02NaogaIyTK2N4=
-- mig:up
CREATE TABLE pair (
    a integer,
    b integer NOT NULL,
    CONSTRAINT pair_pkey PRIMARY KEY (a)
);

-- mig:down
-- destructive: drops table pair and its rows
DROP TABLE pair;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:dSMm4homySk3nl/xKfsJsbq7l3OzL5PXDw7KuBIHIW8=
-- mig:up
ALTER TABLE pair DROP CONSTRAINT pair_pkey;
ALTER TABLE pair ADD CONSTRAINT pair_pkey PRIMARY KEY (a, b);
-- mig:down
ALTER TABLE pair DROP CONSTRAINT pair_pkey;
ALTER TABLE pair ADD CONSTRAINT pair_pkey PRIMARY KEY (a);
