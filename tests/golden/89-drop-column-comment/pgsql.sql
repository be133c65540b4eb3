-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:wC16GT96T2TF+VPrDVlOXDxWkuVSST21JsqI3gyjz/M=
-- mig:up
CREATE TABLE t (
    id bigint,
    a text,
    CONSTRAINT t_pkey PRIMARY KEY (id)
);

COMMENT ON COLUMN t.a IS 'keep me';
-- mig:down
-- destructive: drops table t and its rows
DROP TABLE t;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:TT1+43x2XfgKYqCo8htSWmPgstVvpoarAUmUsfOKaEs=
-- mig:up
-- destructive: drops column t.a and its data
ALTER TABLE t DROP COLUMN a;
-- mig:down
ALTER TABLE t ADD COLUMN a text;
COMMENT ON COLUMN t.a IS 'keep me';
