-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:iibKpXZVG/3I3KCJbzjQ/E/+P2GflaURMg1BhKD17RA=
-- mig:up
-- SQLite: function bump() is left out (SQLite has no function)
CREATE TABLE account (
    id bigint NOT NULL,
    email text NOT NULL,
    updated integer NOT NULL DEFAULT 0,
    CONSTRAINT account_pkey PRIMARY KEY (id)
);

-- for PostgreSQL only: trigger account_bump on account
-- mig:down
-- for PostgreSQL only: trigger account_bump on account
-- destructive: drops table account and its rows
DROP TABLE account;
-- SQLite: function bump() is left out (SQLite has no function)
-- (mig-gen exited 2: mig-gen: models/m.xml:4: the default of column account.email cannot be written for SQLite: it calls a function SQLite does not have)
