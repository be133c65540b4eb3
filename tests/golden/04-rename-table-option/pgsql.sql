-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:Gph0EMNJzPre7pNE0EtH/HGswg7xXVUR4ig1soCP2x4=
-- mig:up
CREATE TABLE item (
    id bigint,
    name varchar(100) NOT NULL,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:Lst8EUl7+sTI1/Iyj1VXhtgtd62fq8XJc4mSRS5kxkg=
-- mig:up
ALTER TABLE item RENAME TO product;
ALTER TABLE product RENAME CONSTRAINT item_pkey TO product_pkey;
-- mig:down
ALTER TABLE product RENAME CONSTRAINT product_pkey TO item_pkey;
ALTER TABLE product RENAME TO item;
