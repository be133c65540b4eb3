-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:OzwqlSlXgDHLLX9NkyqJfqS5Q9zcsNdHCAPoqO2Tzx4=
-- mig:up
CREATE TABLE owner (
    id bigint,
    code text NOT NULL,
    CONSTRAINT owner_pkey PRIMARY KEY (id),
    CONSTRAINT owner_code_key UNIQUE (code)
);

CREATE TABLE item (
    id bigint,
    name varchar(100) NOT NULL,
    owner_id bigint,
    CONSTRAINT item_pkey PRIMARY KEY (id),
    CONSTRAINT item_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES owner (id)
);

-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
-- destructive: drops table owner and its rows
DROP TABLE owner;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:2n/7dqwafX8SAv7HAzpOGS37Wm7BLkD2AI1uQ1b3jPE=
-- mig:up
ALTER TABLE item DROP CONSTRAINT item_owner_id_fkey;
ALTER TABLE item ADD CONSTRAINT item_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES owner (id) ON DELETE SET NULL ON UPDATE CASCADE;
-- mig:down
ALTER TABLE item DROP CONSTRAINT item_owner_id_fkey;
ALTER TABLE item ADD CONSTRAINT item_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES owner (id);
