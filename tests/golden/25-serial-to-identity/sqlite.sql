-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:7iIVy/MBhNGiNGOUh36fOCTl3dEmQe/SBs955rEWFQk=
-- mig:up
CREATE TABLE ticket (
    id integer NOT NULL CONSTRAINT ticket_pkey PRIMARY KEY AUTOINCREMENT,
    t text
);

-- mig:down
-- destructive: drops table ticket and its rows
DROP TABLE ticket;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:a9qC2KuLWhXy96sY121RLGT97D2pFpO/1zlexWKBmLs=
-- mig:up
-- mig:down
