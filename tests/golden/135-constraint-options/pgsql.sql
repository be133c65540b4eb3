-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:s8OOP2XxDi/E7F5awywe9molYU6Wa8ISRRsHPdw+pwA=
-- mig:up
CREATE TABLE parent (
    a integer,
    b integer,
    CONSTRAINT parent_pkey PRIMARY KEY (a, b)
);

CREATE TABLE child (
    id bigint,
    a integer,
    b integer,
    qty integer,
    CONSTRAINT child_pkey PRIMARY KEY (id),
    CONSTRAINT child_qty_check CHECK (qty > 0),
    CONSTRAINT child_ab_fkey FOREIGN KEY (a, b) REFERENCES parent (a, b)
);

-- mig:down
-- destructive: drops table child and its rows
DROP TABLE child;
-- destructive: drops table parent and its rows
DROP TABLE parent;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:T7DEfXqn6z06wJ4C8weYOnn2jTn44X1iM37FJeCT4b8=
-- mig:up
ALTER TABLE child DROP CONSTRAINT child_ab_fkey;
ALTER TABLE child DROP CONSTRAINT child_qty_check;
ALTER TABLE child ADD CONSTRAINT child_qty_check CHECK (qty > 0) NO INHERIT;
CREATE TABLE other (
    id bigint,
    a integer,
    b integer,
    CONSTRAINT other_pkey PRIMARY KEY (id),
    CONSTRAINT other_a_check CHECK (a <> 0) NO INHERIT,
    CONSTRAINT other_a_b_fkey FOREIGN KEY (a, b) REFERENCES parent (a, b) MATCH FULL
);

ALTER TABLE child ADD CONSTRAINT child_ab_fkey FOREIGN KEY (a, b) REFERENCES parent (a, b) MATCH FULL ON DELETE CASCADE;
-- mig:down
ALTER TABLE child DROP CONSTRAINT child_ab_fkey;
-- destructive: drops table other and its rows
DROP TABLE other;
ALTER TABLE child DROP CONSTRAINT child_qty_check;
ALTER TABLE child ADD CONSTRAINT child_qty_check CHECK (qty > 0);
ALTER TABLE child ADD CONSTRAINT child_ab_fkey FOREIGN KEY (a, b) REFERENCES parent (a, b);
