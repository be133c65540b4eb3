-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:ZdPhyfFGitxaO9InOJtXUlo9NnZPmQ+WhlZRU6wJZWI=
-- mig:up
CREATE TABLE item (
    id bigint,
    name varchar(100) NOT NULL,
    qty integer,
    CONSTRAINT item_pkey PRIMARY KEY (id),
    CONSTRAINT item_qty_positive CHECK (qty > 0),
    CONSTRAINT item_gone CHECK (id <> 13)
);

-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:1ujBqGNnTzMvV2qQ1ucrRMsXFVwHDUdcLAqaC7ZfVbg=
-- mig:up
ALTER TABLE item DROP CONSTRAINT item_qty_positive;
ALTER TABLE item DROP CONSTRAINT item_gone;
ALTER TABLE item ADD CONSTRAINT item_qty_positive CHECK (qty >= 0);
ALTER TABLE item ADD CONSTRAINT item_name_short CHECK (length(name) < 50 AND name <> '');
-- mig:down
ALTER TABLE item DROP CONSTRAINT item_name_short;
ALTER TABLE item DROP CONSTRAINT item_qty_positive;
ALTER TABLE item ADD CONSTRAINT item_gone CHECK (id <> 13);
ALTER TABLE item ADD CONSTRAINT item_qty_positive CHECK (qty > 0);
