-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:ktgz4pVdinB7wzi8o59fAgPrOg6Yy7RgFFc/i2RiV+Y=
-- mig:up
CREATE TABLE item (
    id bigint NOT NULL,
    moods mood[] DEFAULT '{ok}',
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:v8IvH+mT79Zmh2gZTje+z0ExbnAVp+u2emqEREqxdzI=
-- mig:up
-- destructive: removes values of enum mood (rows holding them make it fail)
-- mig:down
