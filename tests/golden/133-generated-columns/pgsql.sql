-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:ZiqS/8X8JXCvl+5560ugvWWmoOTvNGwEHlJ4IpXHVvk=
-- mig:up
CREATE TABLE item (
    id bigint,
    name text NOT NULL,
    price integer NOT NULL,
    qty integer NOT NULL,
    total integer GENERATED ALWAYS AS (price * qty) STORED,
    label text,
    code text GENERATED ALWAYS AS (lower(name)) STORED,
    half integer GENERATED ALWAYS AS (qty / 2) STORED NOT NULL,
    CONSTRAINT item_pkey PRIMARY KEY (id),
    CONSTRAINT item_total_check CHECK (total >= 0)
);

COMMENT ON COLUMN item.total IS 'what it costs';
CREATE INDEX item_total_idx ON item (total);
-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:MZZ3e2oLK/lZhLSIXL/BH5NWU5EsTr3XE9eXmyAeMxc=
-- mig:up
ALTER TABLE item DROP CONSTRAINT item_total_check;
DROP INDEX item_total_idx;
ALTER TABLE item DROP COLUMN half;
ALTER TABLE item ADD COLUMN twice integer GENERATED ALWAYS AS (qty * 2) STORED NOT NULL;
ALTER TABLE item DROP COLUMN total;
ALTER TABLE item ADD COLUMN total integer GENERATED ALWAYS AS (price * qty + 1) STORED;
COMMENT ON COLUMN item.total IS 'what it costs';
-- destructive: column item.label becomes generated: its values are replaced by computed ones
ALTER TABLE item DROP COLUMN label;
ALTER TABLE item ADD COLUMN label text GENERATED ALWAYS AS (upper(name)) STORED;
ALTER TABLE item ALTER COLUMN code DROP EXPRESSION;
ALTER TABLE item ALTER COLUMN code SET DEFAULT 'none';
ALTER TABLE item ADD CONSTRAINT item_total_check CHECK (total >= 0);
CREATE INDEX item_total_idx ON item (total);
-- mig:down
DROP INDEX item_total_idx;
ALTER TABLE item DROP CONSTRAINT item_total_check;
ALTER TABLE item DROP COLUMN code;
ALTER TABLE item ADD COLUMN code text GENERATED ALWAYS AS (lower(name)) STORED;
ALTER TABLE item ALTER COLUMN label DROP EXPRESSION;
ALTER TABLE item DROP COLUMN total;
ALTER TABLE item ADD COLUMN total integer GENERATED ALWAYS AS (price * qty) STORED;
COMMENT ON COLUMN item.total IS 'what it costs';
-- destructive: drops column item.twice and its data
ALTER TABLE item DROP COLUMN twice;
ALTER TABLE item ADD COLUMN half integer GENERATED ALWAYS AS (qty / 2) STORED NOT NULL;
CREATE INDEX item_total_idx ON item (total);
ALTER TABLE item ADD CONSTRAINT item_total_check CHECK (total >= 0);
