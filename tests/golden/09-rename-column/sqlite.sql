-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:NWnh9WspJb527GzWLbS2oOEJ6YAVc0sTrKVGf3tDcZY=
-- mig:up
CREATE TABLE item (
    id bigint NOT NULL,
    name varchar(100) NOT NULL,
    mail varchar(320),
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:++YyGGibNo2v+nLcAR3semVYYXvtVkWr9mUwkDXmAhU=
-- mig:up
ALTER TABLE item RENAME COLUMN mail TO email;
-- mig:down
ALTER TABLE item RENAME COLUMN email TO mail;
