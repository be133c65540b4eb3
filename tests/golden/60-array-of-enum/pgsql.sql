-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:NIwY9i/UGPRtInzcoHGONuh/mjpXoQMDCUvk80aQN+M=
-- mig:up
CREATE TYPE mood AS ENUM ('ok', 'sad');
CREATE TABLE item (
    id bigint,
    name varchar(100) NOT NULL,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
DROP TYPE mood;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:FY/QQSg9L+tk5kffKUfUJJTk8ToAUvNqaeNCHAeVlXA=
-- mig:up
ALTER TABLE item ADD COLUMN moods mood[] DEFAULT '{ok}';
-- mig:down
-- destructive: drops column item.moods and its data
ALTER TABLE item DROP COLUMN moods;
