-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:WagAB7ia83GCP9bXK1Jg35CMw4+ftadE9slVKuaPrEg=
-- mig:up
CREATE TABLE item (
    id bigint,
    name varchar(100) NOT NULL,
    state text,
    tags text[],
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:n63Tb7dJ4NLw6iT6Kh1zkk6W+zfWtxmjVvzMkGW2cag=
-- mig:up
CREATE UNIQUE INDEX item_lower_name_idx ON item ((lower(name))) INCLUDE (id) WHERE state = 'live';
CREATE INDEX item_tags_idx ON item USING gin (tags);
CREATE INDEX item_name_desc_idx ON item (name DESC NULLS LAST, state NULLS FIRST);
-- mig:down
DROP INDEX item_name_desc_idx;
DROP INDEX item_tags_idx;
DROP INDEX item_lower_name_idx;
