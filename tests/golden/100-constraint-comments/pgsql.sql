-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:bmV/pit+jeI5F1+Bvz0XctoxwXx8a/LqGnsUuEWEsZM=
-- mig:up
CREATE TABLE parent (
    id bigint,
    code text NOT NULL,
    CONSTRAINT parent_pkey PRIMARY KEY (id),
    CONSTRAINT parent_code_key UNIQUE (code)
);

CREATE TABLE child (
    id bigint,
    parent_id bigint,
    qty integer,
    CONSTRAINT child_pkey PRIMARY KEY (id),
    CONSTRAINT child_check CHECK (qty > 0),
    CONSTRAINT child_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES parent (id)
);

COMMENT ON CONSTRAINT parent_pkey ON parent IS 'the key';
COMMENT ON CONSTRAINT parent_code_key ON parent IS 'one per code';
COMMENT ON CONSTRAINT child_parent_id_fkey ON child IS 'who owns it';
COMMENT ON CONSTRAINT child_check ON child IS 'positive';
-- mig:down
-- destructive: drops table child and its rows
DROP TABLE child;
-- destructive: drops table parent and its rows
DROP TABLE parent;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:XSCp3vxeDI9GuyMm3bf53LMOTqVWlJH5NPdxh4HHQx4=
-- mig:up
ALTER TABLE child DROP CONSTRAINT child_check;
ALTER TABLE child ADD CONSTRAINT child_check CHECK (qty >= 0);
COMMENT ON CONSTRAINT child_check ON child IS 'not negative';
COMMENT ON CONSTRAINT parent_pkey ON parent IS 'the parent''s key';
COMMENT ON CONSTRAINT parent_code_key ON parent IS NULL;
COMMENT ON CONSTRAINT child_pkey ON child IS 'a child''s key';
-- mig:down
COMMENT ON CONSTRAINT child_pkey ON child IS NULL;
COMMENT ON CONSTRAINT parent_code_key ON parent IS 'one per code';
COMMENT ON CONSTRAINT parent_pkey ON parent IS 'the key';
ALTER TABLE child DROP CONSTRAINT child_check;
ALTER TABLE child ADD CONSTRAINT child_check CHECK (qty > 0);
COMMENT ON CONSTRAINT child_check ON child IS 'positive';
