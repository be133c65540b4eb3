-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:RhTgqz96zHmH0jEvste7fa0+KBo3nPLjfssKySQR+lY=
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
    owner bigint,
    CONSTRAINT item_pkey PRIMARY KEY (id),
    CONSTRAINT item_owner_fk FOREIGN KEY (owner) REFERENCES owner (id)
);

CREATE INDEX item_owner_idx ON item (owner);
-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
-- destructive: drops table owner and its rows
DROP TABLE owner;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:u9x2zTmD7FmJXDyzMU1jRbyhppIcatd+Mobqwo9iYSA=
-- mig:up
ALTER TABLE item RENAME COLUMN owner TO owner_id;
-- mig:down
ALTER TABLE item RENAME COLUMN owner_id TO owner;
