-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:bmV/pit+jeI5F1+Bvz0XctoxwXx8a/LqGnsUuEWEsZM=
-- mig:up
CREATE TABLE parent (
    id bigint NOT NULL,
    code text NOT NULL,
    CONSTRAINT parent_pkey PRIMARY KEY (id),
    CONSTRAINT parent_code_key UNIQUE (code)
);

CREATE TABLE child (
    id bigint NOT NULL,
    parent_id bigint,
    qty integer,
    CONSTRAINT child_pkey PRIMARY KEY (id),
    CONSTRAINT child_check CHECK (qty > 0),
    CONSTRAINT child_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES parent (id)
);

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
-- rebuild of table child: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table child has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('child', 'main') WHERE lower(name) NOT IN ('id', 'parent_id', 'qty');
DROP TABLE mig_guard;
CREATE TABLE child_mig_new (
    id bigint NOT NULL,
    parent_id bigint,
    qty integer,
    CONSTRAINT child_pkey PRIMARY KEY (id),
    CONSTRAINT child_check CHECK (qty >= 0),
    CONSTRAINT child_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES parent (id)
);
INSERT INTO child_mig_new (id, parent_id, qty)
    SELECT id, parent_id, qty FROM child;
DROP TABLE child;
PRAGMA legacy_alter_table = ON;
ALTER TABLE child_mig_new RENAME TO child;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE child RENAME TO child_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
-- mig:down
-- rebuild of table child: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table child has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('child', 'main') WHERE lower(name) NOT IN ('id', 'parent_id', 'qty');
DROP TABLE mig_guard;
CREATE TABLE child_mig_new (
    id bigint NOT NULL,
    parent_id bigint,
    qty integer,
    CONSTRAINT child_pkey PRIMARY KEY (id),
    CONSTRAINT child_check CHECK (qty > 0),
    CONSTRAINT child_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES parent (id)
);
INSERT INTO child_mig_new (id, parent_id, qty)
    SELECT id, parent_id, qty FROM child;
DROP TABLE child;
PRAGMA legacy_alter_table = ON;
ALTER TABLE child_mig_new RENAME TO child;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE child RENAME TO child_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
