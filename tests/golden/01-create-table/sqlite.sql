-- mig:revision 0001_20260101000001_after
-- mig:parents
-- mig:message after
-- mig:transaction on
-- mig:state h1:zgIZfycRajKw84/LIh342x8JclINpP0MON87I571ds0=
-- mig:up
CREATE TABLE everything (
    id integer NOT NULL CONSTRAINT everything_pkey PRIMARY KEY AUTOINCREMENT,
    code char(3) NOT NULL DEFAULT 'EUR',
    title varchar(200) NOT NULL,
    body text,
    qty integer NOT NULL DEFAULT 0,
    small smallint DEFAULT -1,
    price numeric(12,2) DEFAULT 0.00,
    ratio real DEFAULT 0.5,
    score double,
    active boolean NOT NULL DEFAULT 1,
    born date,
    at time(0),
    atz timetz,
    ts timestamp(3),
    created_at timestamptz NOT NULL DEFAULT (CURRENT_TIMESTAMP),
    span interval,
    uid uuid,
    doc json,
    meta jsonb NOT NULL DEFAULT ('{}'),
    blob blob,
    tags text[],
    matrix integer[][]
);

-- mig:down
-- destructive: drops table everything and its rows
DROP TABLE everything;
