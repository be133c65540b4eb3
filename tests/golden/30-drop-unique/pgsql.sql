-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:NkeLi7SSe4T4bQd+mu46QiaVt+Q3mhwH65xXBhhfEkI=
-- mig:up
CREATE TABLE item (
    id bigint,
    name varchar(100) NOT NULL,
    sku text,
    CONSTRAINT item_pkey PRIMARY KEY (id),
    CONSTRAINT item_sku_unique UNIQUE (sku)
);

-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:K4DtUxJrM47yF2F96PkoWP2GE1DrsVM5RG41Upc1R5o=
-- mig:up
ALTER TABLE item DROP CONSTRAINT item_sku_unique;
-- mig:down
ALTER TABLE item ADD CONSTRAINT item_sku_unique UNIQUE (sku);
