-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:8sCAtXmpH+3qYxwFWA5Q9cgQBKMo3Kfh29BSw+NrzrU=
-- mig:up
CREATE TABLE owner (
    id bigint NOT NULL,
    code text NOT NULL,
    CONSTRAINT owner_pkey PRIMARY KEY (id),
    CONSTRAINT owner_code_key UNIQUE (code)
);

CREATE TABLE item (
    id bigint NOT NULL,
    name varchar(100) NOT NULL,
    owner_id bigint,
    CONSTRAINT item_pkey PRIMARY KEY (id),
    CONSTRAINT item_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES owner (id)
);

CREATE TABLE other (
    id integer NOT NULL,
    CONSTRAINT other_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table other and its rows
DROP TABLE other;
-- destructive: drops table item and its rows
DROP TABLE item;
-- destructive: drops table owner and its rows
DROP TABLE owner;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:UgnjoJUaujIGGrQ0CYPOwAoUPBODLbogUgNSqtAYW04=
-- mig:up
-- destructive: drops table item and its rows
DROP TABLE item;
-- destructive: drops table owner and its rows
DROP TABLE owner;
-- mig:down
CREATE TABLE owner (
    id bigint NOT NULL,
    code text NOT NULL,
    CONSTRAINT owner_pkey PRIMARY KEY (id),
    CONSTRAINT owner_code_key UNIQUE (code)
);

CREATE TABLE item (
    id bigint NOT NULL,
    name varchar(100) NOT NULL,
    owner_id bigint,
    CONSTRAINT item_pkey PRIMARY KEY (id),
    CONSTRAINT item_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES owner (id)
);

