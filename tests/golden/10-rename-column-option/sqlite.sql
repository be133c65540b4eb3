-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:PbsZgWi2nIHf/axWMDzOPCSYIbs0gj0G5R4CurPBb74=
-- mig:up
CREATE TABLE item (
    id bigint NOT NULL,
    name varchar(100) NOT NULL,
    mail text,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:itakiGyZvvON2XnXuVZj7Xh94BRut4fAPI+y/Bs/aYs=
-- mig:up
ALTER TABLE item RENAME COLUMN mail TO email;
-- mig:down
ALTER TABLE item RENAME COLUMN email TO mail;
