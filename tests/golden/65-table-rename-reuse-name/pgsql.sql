-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:T9le3wd2Ku4OjuLkDLf2ED2YwSCONlUyyuaerY63s5c=
-- mig:up
CREATE TABLE users (
    id integer,
    CONSTRAINT users_pkey PRIMARY KEY (id)
);

CREATE TABLE users_v2 (
    id integer,
    name text,
    CONSTRAINT users_v2_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table users_v2 and its rows
DROP TABLE users_v2;
-- destructive: drops table users and its rows
DROP TABLE users;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:/5eIulGtFbHnfEoe2tl3cqJWZ8sba4+7EZVFJx+84ms=
-- mig:up
-- destructive: drops table users and its rows
DROP TABLE users;
ALTER TABLE users_v2 RENAME TO users;
ALTER TABLE users RENAME CONSTRAINT users_v2_pkey TO users_pkey;
-- mig:down
ALTER TABLE users RENAME CONSTRAINT users_pkey TO users_v2_pkey;
ALTER TABLE users RENAME TO users_v2;
CREATE TABLE users (
    id integer,
    CONSTRAINT users_pkey PRIMARY KEY (id)
);

