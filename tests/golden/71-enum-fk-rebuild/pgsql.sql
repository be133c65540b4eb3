-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:Dv6k4jjbrvZ6tRm8QKrBGUvcq3MvaB6jFIw8TzNSyEI=
-- mig:up
CREATE TYPE kind AS ENUM ('a', 'b', 'c');
CREATE TABLE k (
    code kind,
    CONSTRAINT k_pkey PRIMARY KEY (code)
);

CREATE TABLE item (
    id bigint,
    code kind,
    CONSTRAINT item_pkey PRIMARY KEY (id),
    CONSTRAINT item_code_fkey FOREIGN KEY (code) REFERENCES k (code)
);

-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
-- destructive: drops table k and its rows
DROP TABLE k;
DROP TYPE kind;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:8lJyaB3Klp+KgGcNg4riW3vDDlSyB2lhaJ1HedimTrk=
-- mig:up
ALTER TABLE item DROP CONSTRAINT item_code_fkey;
-- destructive: removes values of enum kind (rows holding them make it fail)
ALTER TYPE kind RENAME TO kind_mig_old;
CREATE TYPE kind AS ENUM ('a', 'c');
ALTER TABLE k ALTER COLUMN code TYPE kind USING code::text::kind;
ALTER TABLE item ALTER COLUMN code TYPE kind USING code::text::kind;
DROP TYPE kind_mig_old;
ALTER TABLE item ADD CONSTRAINT item_code_fkey FOREIGN KEY (code) REFERENCES k (code);
-- mig:down
ALTER TABLE item DROP CONSTRAINT item_code_fkey;
ALTER TYPE kind RENAME TO kind_mig_old;
CREATE TYPE kind AS ENUM ('a', 'b', 'c');
ALTER TABLE k ALTER COLUMN code TYPE kind USING code::text::kind;
ALTER TABLE item ALTER COLUMN code TYPE kind USING code::text::kind;
DROP TYPE kind_mig_old;
ALTER TABLE item ADD CONSTRAINT item_code_fkey FOREIGN KEY (code) REFERENCES k (code);
