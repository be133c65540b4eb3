-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:Kf6JsXzS2laiyXwsKuVmQ8duVSZhuQu6cKTvCdeDPcA=
-- mig:up
CREATE TABLE item (
    id bigint,
    name varchar(40) NOT NULL,
    price numeric(10,2),
    data bytea,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

CREATE INDEX item_name_idx ON item (name) WHERE price IS NOT NULL;
CREATE TABLE setting (
    key text,
    value text NOT NULL,
    CONSTRAINT setting_pkey PRIMARY KEY (key)
);

-- mig:down
-- destructive: drops table setting and its rows
DROP TABLE setting;
-- destructive: drops table item and its rows
DROP TABLE item;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:A/v2Drh+VajFtlMIvRlvIYRsYgkkzWkSYzCM1vKdFMM=
-- mig:up
CREATE TABLE tag (
    name text,
    uses integer NOT NULL DEFAULT 0,
    CONSTRAINT tag_pkey PRIMARY KEY (name)
);

-- mig:down
-- destructive: drops table tag and its rows
DROP TABLE tag;
