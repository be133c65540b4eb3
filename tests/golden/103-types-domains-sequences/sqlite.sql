-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:DmeevvySYVGU+ANOaUBkwxLsU0bQ5TJ636/0QdblGjc=
-- mig:up
-- SQLite: domain quantity is left out (SQLite has no domain)
-- SQLite: sequence ticket is left out (SQLite has no sequence)
CREATE TABLE item (
    id bigint NOT NULL,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
-- SQLite: sequence ticket is left out (SQLite has no sequence)
-- SQLite: domain quantity is left out (SQLite has no domain)
-- (mig-gen exited 2: mig-gen: models/m.xml:7: the default of column item.ticket cannot be written for SQLite: it calls a function SQLite does not have)
