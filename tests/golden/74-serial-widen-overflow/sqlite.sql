-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:8IQ52AGrT4u8yeG0CuYa/DfU3qIHozyqlE1OfRY/O5w=
-- mig:up
CREATE TABLE t (
    id integer NOT NULL CONSTRAINT t_pkey PRIMARY KEY AUTOINCREMENT,
    x text
);

-- mig:down
-- destructive: drops table t and its rows
DROP TABLE t;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:49ikb3YWYMbqvuSwAfgh4W20ubK6NoE6KjJj4z/zaB8=
-- mig:up
-- mig:down
