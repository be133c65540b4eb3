-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:j2McxRS8nKsGYJRc+V58y1krfv+1q3XIHHmHZyOGljg=
-- mig:up
CREATE TABLE kid (
    id integer,
    parent_id integer,
    CONSTRAINT kid_pkey PRIMARY KEY (id)
);

CREATE TABLE toy (
    id integer,
    owner integer,
    CONSTRAINT toy_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table toy and its rows
DROP TABLE toy;
-- destructive: drops table kid and its rows
DROP TABLE kid;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:FbK1XzYEH38lw9D2m5fnFrk9RQSEUX5Rzq6ta7iR/vs=
-- mig:up
ALTER TABLE kid RENAME TO child;
ALTER TABLE child RENAME COLUMN parent_id TO mother_id;
ALTER TABLE child RENAME CONSTRAINT kid_pkey TO child_pkey;
CREATE INDEX child_mother_id_idx ON child (mother_id);
CREATE TABLE game (
    id integer,
    child_id integer,
    CONSTRAINT game_pkey PRIMARY KEY (id),
    CONSTRAINT game_child_id_fkey FOREIGN KEY (child_id) REFERENCES child (id)
);

ALTER TABLE child ADD CONSTRAINT child_mother_id_fkey FOREIGN KEY (mother_id) REFERENCES child (id);
ALTER TABLE toy ADD CONSTRAINT toy_owner_fkey FOREIGN KEY (owner) REFERENCES child (id);
-- mig:down
ALTER TABLE toy DROP CONSTRAINT toy_owner_fkey;
ALTER TABLE child DROP CONSTRAINT child_mother_id_fkey;
-- destructive: drops table game and its rows
DROP TABLE game;
DROP INDEX child_mother_id_idx;
ALTER TABLE child RENAME CONSTRAINT child_pkey TO kid_pkey;
ALTER TABLE child RENAME COLUMN mother_id TO parent_id;
ALTER TABLE child RENAME TO kid;
