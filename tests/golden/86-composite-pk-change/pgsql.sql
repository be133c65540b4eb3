-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:LUZMpsSEs5tz2ygQ+W/SuDHPRU8uFNoe53sh/jrrSZ0=
-- mig:up
CREATE TABLE t (
    a integer,
    b integer,
    c integer NOT NULL DEFAULT 0,
    CONSTRAINT t_pkey PRIMARY KEY (a, b)
);

-- mig:down
-- destructive: drops table t and its rows
DROP TABLE t;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:MpMD30NcfS9g8A54UfJKbLIRC41DiFdbNEQ3ePNxYYo=
-- mig:up
ALTER TABLE t DROP CONSTRAINT t_pkey;
ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY (b, a, c);
-- mig:down
ALTER TABLE t DROP CONSTRAINT t_pkey;
ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY (a, b);
