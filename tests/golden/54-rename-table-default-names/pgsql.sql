-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:q0Eu9w4JJIWUbdsztRy8W0Hs1gUJ99gEjehjcLe6wiA=
-- mig:up
CREATE TABLE kid (
    id integer,
    name text,
    parent_id integer,
    CONSTRAINT kid_pkey PRIMARY KEY (id),
    CONSTRAINT kid_name_key UNIQUE (name),
    CONSTRAINT kid_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES kid (id)
);

CREATE INDEX kid_parent_id_idx ON kid (parent_id);
-- mig:down
-- destructive: drops table kid and its rows
DROP TABLE kid;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:tiDs9fPtC+9idF5IacR7uMe9NCDAIX3hEC8KdqHa3ZY=
-- mig:up
ALTER TABLE kid RENAME TO child;
ALTER TABLE child RENAME CONSTRAINT kid_pkey TO child_pkey;
ALTER TABLE child RENAME CONSTRAINT kid_name_key TO child_name_key;
ALTER TABLE child RENAME CONSTRAINT kid_parent_id_fkey TO child_parent_id_fkey;
ALTER INDEX kid_parent_id_idx RENAME TO child_parent_id_idx;
-- mig:down
ALTER INDEX child_parent_id_idx RENAME TO kid_parent_id_idx;
ALTER TABLE child RENAME CONSTRAINT child_parent_id_fkey TO kid_parent_id_fkey;
ALTER TABLE child RENAME CONSTRAINT child_name_key TO kid_name_key;
ALTER TABLE child RENAME CONSTRAINT child_pkey TO kid_pkey;
ALTER TABLE child RENAME TO kid;
