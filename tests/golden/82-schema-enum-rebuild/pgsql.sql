-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:2VWsnEjv1APg7RxvA8iT/7HHl9x/GALX0rB+bxOd7r4=
-- mig:up
CREATE SCHEMA app;
CREATE TYPE app.st AS ENUM ('a', 'b');
CREATE TABLE app.t (
    id integer,
    s app.st NOT NULL DEFAULT 'a',
    ss app.st[],
    CONSTRAINT t_pkey PRIMARY KEY (id)
);

CREATE INDEX t_s_idx ON app.t (s);
CREATE TABLE u (
    id integer,
    s app.st,
    CONSTRAINT u_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table u and its rows
DROP TABLE u;
-- destructive: drops table app.t and its rows
DROP TABLE app.t;
DROP TYPE app.st;
DROP SCHEMA app;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:klB2gkS6gASmAuQxaWeBmBJLWBQiqj8P/bMJnw8yyao=
-- mig:up
ALTER TYPE app.st RENAME TO st_mig_old;
CREATE TYPE app.st AS ENUM ('b', 'a');
ALTER TABLE app.t ALTER COLUMN s DROP DEFAULT;
ALTER TABLE app.t ALTER COLUMN s TYPE app.st USING s::text::app.st;
ALTER TABLE app.t ALTER COLUMN s SET DEFAULT 'a';
ALTER TABLE app.t ALTER COLUMN ss TYPE app.st[] USING ss::text[]::app.st[];
ALTER TABLE u ALTER COLUMN s TYPE app.st USING s::text::app.st;
DROP TYPE app.st_mig_old;
-- mig:down
ALTER TYPE app.st RENAME TO st_mig_old;
CREATE TYPE app.st AS ENUM ('a', 'b');
ALTER TABLE app.t ALTER COLUMN s DROP DEFAULT;
ALTER TABLE app.t ALTER COLUMN s TYPE app.st USING s::text::app.st;
ALTER TABLE app.t ALTER COLUMN s SET DEFAULT 'a';
ALTER TABLE app.t ALTER COLUMN ss TYPE app.st[] USING ss::text[]::app.st[];
ALTER TABLE u ALTER COLUMN s TYPE app.st USING s::text::app.st;
DROP TYPE app.st_mig_old;
