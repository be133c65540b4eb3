-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:CEBDiyElxjYlTb7kFt+B0h9JzcvRYB2wtmIFLzcMOaI=
-- mig:up
CREATE TABLE events (
    id bigint,
    created_at date,
    region text,
    CONSTRAINT events_pkey PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);

CREATE TABLE events_old PARTITION OF events FOR VALUES FROM (MINVALUE) TO ('2024-01-01');

CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');

-- mig:down
-- destructive: drops table events_2024 and its rows
DROP TABLE events_2024;
-- destructive: drops table events_old and its rows
DROP TABLE events_old;
-- destructive: drops table events and its rows
DROP TABLE events;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:j4mUQhe1lqnNnubhuR+KugMNYio45gQ4SQ1cqLTl3Uk=
-- mig:up
CREATE INDEX events_region_idx ON events (region);
ALTER TABLE events_old ADD CONSTRAINT events_old_region CHECK (region IS NOT NULL);
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');

CREATE TABLE events_rest PARTITION OF events DEFAULT;

COMMENT ON TABLE events_old IS 'before 2024';
-- mig:down
COMMENT ON TABLE events_old IS NULL;
-- destructive: drops table events_rest and its rows
DROP TABLE events_rest;
-- destructive: drops table events_2025 and its rows
DROP TABLE events_2025;
ALTER TABLE events_old DROP CONSTRAINT events_old_region;
DROP INDEX events_region_idx;
