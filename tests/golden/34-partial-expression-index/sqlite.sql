-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:WagAB7ia83GCP9bXK1Jg35CMw4+ftadE9slVKuaPrEg=
-- mig:up
CREATE TABLE item (
    id bigint NOT NULL,
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
-- SQLite: index item_lower_name_idx has no INCLUDE columns in SQLite
CREATE UNIQUE INDEX item_lower_name_idx ON item ((lower(name))) WHERE state = 'live';
-- SQLite: index item_tags_idx is left out (SQLite has no gin indexes)
-- SQLite: index item_name_desc_idx sorts NULLs as SQLite does (no NULLS FIRST/LAST in an index)
-- SQLite: index item_name_desc_idx sorts NULLs as SQLite does (no NULLS FIRST/LAST in an index)
CREATE INDEX item_name_desc_idx ON item (name DESC, state);
-- mig:down
DROP INDEX IF EXISTS item_name_desc_idx;
DROP INDEX IF EXISTS item_lower_name_idx;
