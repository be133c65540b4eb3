-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:8+AFOaTbUofugO7N9LdiD66eXm5xZh16lVHTZI9kKWs=
-- mig:up
CREATE TABLE event (
    id bigint,
    starts_at timestamptz DEFAULT '0001-01-01 00:00:00+00',
    ends_at timestamptz DEFAULT '0001-01-01 00:00:00'::timestamp,
    CONSTRAINT event_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table event and its rows
DROP TABLE event;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:aZTtHGAZVg+UA6+hPkZpWXzGZmzFs4pd/FW/9wJh8v0=
-- mig:up
ALTER TABLE event ALTER COLUMN starts_at SET DEFAULT '0001-01-01 00:00:00'::timestamp;
ALTER TABLE event ALTER COLUMN ends_at SET DEFAULT '0001-01-01 00:00:00+00';
-- mig:down
ALTER TABLE event ALTER COLUMN ends_at SET DEFAULT '0001-01-01 00:00:00'::timestamp;
ALTER TABLE event ALTER COLUMN starts_at SET DEFAULT '0001-01-01 00:00:00+00';
