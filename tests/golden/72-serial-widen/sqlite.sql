-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:/R/PD7BWIXo2wlmAs+MI2wAUzOgXlUw9mPj0uJWdEFo=
-- mig:up
CREATE TABLE t (
    id integer NOT NULL CONSTRAINT t_pkey PRIMARY KEY AUTOINCREMENT
);

-- mig:down
-- destructive: drops table t and its rows
DROP TABLE t;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:mhl9h9CgIicxJzQmnL8mDMhL4FZaatEwdh6dm8YJfj4=
-- mig:up
-- mig:down
