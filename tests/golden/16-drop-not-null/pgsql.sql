-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:nUolXSR4DFdVnFWXfFGkicg7aTJ+iHVMkneRTDymGf4=
-- mig:up
CREATE TABLE item (
    id bigint,
    name varchar(100) NOT NULL,
    qty integer NOT NULL DEFAULT 0,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:CAeIAVaXEXggro/4dUP9GFFJTP1SCXgmnkmZyNIDlaU=
-- mig:up
ALTER TABLE item ALTER COLUMN qty DROP NOT NULL;
-- mig:down
UPDATE item SET qty = 0 WHERE qty IS NULL;
ALTER TABLE item ALTER COLUMN qty SET NOT NULL;
