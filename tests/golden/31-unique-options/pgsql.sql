-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:qxYWgI3cwysLXDdkRjQPxiAQVPZYnmh1MDce5+KGxBI=
-- mig:up
CREATE TABLE item (
    id bigint,
    name varchar(100) NOT NULL,
    a integer,
    b integer,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:WoiFe2qpnX6gFa8NIG0TwMITRNZxTkB+wu7Cx7Pw/BA=
-- mig:up
ALTER TABLE item ADD CONSTRAINT item_a_b_key UNIQUE NULLS NOT DISTINCT (a, b) DEFERRABLE INITIALLY DEFERRED;
-- mig:down
ALTER TABLE item DROP CONSTRAINT item_a_b_key;
