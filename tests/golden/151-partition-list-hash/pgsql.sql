-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:BPI2Tu9vDdVARNVioqzsolxPeiv0ZsvV20gW3hyd584=
-- mig:up
CREATE TABLE orders (
    id bigint NOT NULL,
    region text NOT NULL,
    total numeric(12,2)
) PARTITION BY LIST (lower(region));

CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('eu') PARTITION BY HASH (id);

CREATE TABLE orders_eu_0 PARTITION OF orders_eu FOR VALUES WITH (MODULUS 2, REMAINDER 0);

CREATE TABLE orders_eu_1 PARTITION OF orders_eu FOR VALUES WITH (MODULUS 2, REMAINDER 1);

CREATE TABLE orders_us PARTITION OF orders FOR VALUES IN ('us');

CREATE TABLE orders_asia PARTITION OF orders FOR VALUES IN ('jp', 'kr');

-- mig:down
-- destructive: drops table orders_asia and its rows
DROP TABLE orders_asia;
-- destructive: drops table orders_us and its rows
DROP TABLE orders_us;
-- destructive: drops table orders_eu_1 and its rows
DROP TABLE orders_eu_1;
-- destructive: drops table orders_eu_0 and its rows
DROP TABLE orders_eu_0;
-- destructive: drops table orders_eu and its rows
DROP TABLE orders_eu;
-- destructive: drops table orders and its rows
DROP TABLE orders;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:M0X2OiQ+ZxyRnY9+zdjOk4EmhDEgJ2ImQwaC6q+2oVQ=
-- mig:up
-- destructive: drops table orders_asia and its rows
DROP TABLE orders_asia;
ALTER TABLE orders DETACH PARTITION orders_us;
ALTER TABLE orders ATTACH PARTITION orders_us FOR VALUES IN ('us', 'ca');
-- mig:down
ALTER TABLE orders DETACH PARTITION orders_us;
ALTER TABLE orders ATTACH PARTITION orders_us FOR VALUES IN ('us');
CREATE TABLE orders_asia PARTITION OF orders FOR VALUES IN ('jp', 'kr');

