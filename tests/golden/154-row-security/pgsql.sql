-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:fli7t2FjEcWQSGSYc9kJ41BH8GD6QgBp/LRexrJ2hWw=
-- mig:up
CREATE TABLE account (
    id integer,
    owner text NOT NULL,
    CONSTRAINT account_pkey PRIMARY KEY (id)
);

CREATE TABLE audit (
    id integer NOT NULL
);
ALTER TABLE audit ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit FORCE ROW LEVEL SECURITY;

-- mig:down
-- destructive: drops table audit and its rows
DROP TABLE audit;
-- destructive: drops table account and its rows
DROP TABLE account;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:HBDe2Up62Ezz3aZy1OINSCPiRb4wdZc1mRE3a7WE64g=
-- mig:up
ALTER TABLE account ENABLE ROW LEVEL SECURITY;
ALTER TABLE account FORCE ROW LEVEL SECURITY;
ALTER TABLE audit NO FORCE ROW LEVEL SECURITY;
CREATE TABLE secret (
    id integer NOT NULL
);
ALTER TABLE secret ENABLE ROW LEVEL SECURITY;

CREATE POLICY account_owner ON account USING (owner = current_user);
-- mig:down
DROP POLICY account_owner ON account;
-- destructive: drops table secret and its rows
DROP TABLE secret;
ALTER TABLE audit FORCE ROW LEVEL SECURITY;
ALTER TABLE account DISABLE ROW LEVEL SECURITY;
ALTER TABLE account NO FORCE ROW LEVEL SECURITY;
