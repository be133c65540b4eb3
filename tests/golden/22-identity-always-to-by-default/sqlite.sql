-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:AjQIajS6ckdBid0k2r8fgoszzylA3vn6+Gq/zfV8NuU=
-- mig:up
CREATE TABLE ticket (
    id integer NOT NULL CONSTRAINT ticket_pkey PRIMARY KEY AUTOINCREMENT
);

-- mig:down
-- destructive: drops table ticket and its rows
DROP TABLE ticket;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:rXyvop3kMSXnbIZeFLp++8n+yD9kRRa9Ak4VSIGWiUA=
-- mig:up
-- mig:down
