-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:T9Owf1Xu92a4L3MQTTQc4t4PcfMoCY/1C9i3oNmloII=
-- mig:up
CREATE TABLE t (
    id integer,
    ip inet NOT NULL,
    CONSTRAINT t_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table t and its rows
DROP TABLE t;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:w6l5LRvcJrIO1KPECQaIZyf/wgyxXOmlf8yoPnrLJDY=
-- mig:up
-- destructive: drops column t.ip and its data
ALTER TABLE t DROP COLUMN ip;
-- mig:down
ALTER TABLE t ADD COLUMN ip inet NOT NULL DEFAULT '0.0.0.0';
ALTER TABLE t ALTER COLUMN ip DROP DEFAULT;
