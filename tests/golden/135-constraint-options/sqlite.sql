-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:s8OOP2XxDi/E7F5awywe9molYU6Wa8ISRRsHPdw+pwA=
-- mig:up
CREATE TABLE parent (
    a integer NOT NULL,
    b integer NOT NULL,
    CONSTRAINT parent_pkey PRIMARY KEY (a, b)
);

CREATE TABLE child (
    id bigint NOT NULL,
    a integer,
    b integer,
    qty integer,
    CONSTRAINT child_pkey PRIMARY KEY (id),
    CONSTRAINT child_qty_check CHECK (qty > 0),
    CONSTRAINT child_ab_fkey FOREIGN KEY (a, b) REFERENCES parent (a, b)
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
-- mig:state h1:T7DEfXqn6z06wJ4C8weYOnn2jTn44X1iM37FJeCT4b8=
-- mig:up
-- rebuild of table child: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table child has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('child', 'main') WHERE lower(name) NOT IN ('id', 'a', 'b', 'qty');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""child"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""child"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""child"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""child"" broke a foreign key of ""child""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""child"" broke a foreign key to ""child""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""child"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM child) FROM pragma_foreign_keys;
CREATE TABLE child_mig_new (
    id bigint NOT NULL,
    a integer,
    b integer,
    qty integer,
    CONSTRAINT child_pkey PRIMARY KEY (id),
    CONSTRAINT child_qty_check CHECK (qty > 0),
    CONSTRAINT child_ab_fkey FOREIGN KEY (a, b) REFERENCES parent (a, b) ON DELETE CASCADE
);
INSERT INTO child_mig_new (id, a, b, qty)
    SELECT id, a, b, qty FROM child;
DROP TABLE child;
PRAGMA legacy_alter_table = ON;
ALTER TABLE child_mig_new RENAME TO child;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE child RENAME TO child_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM child);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('child', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'child' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'child' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('child', 'main'));
DROP TABLE mig_rebuild;
CREATE TABLE other (
    id bigint NOT NULL,
    a integer,
    b integer,
    CONSTRAINT other_pkey PRIMARY KEY (id),
    CONSTRAINT other_a_check CHECK (a <> 0),
    CONSTRAINT other_a_b_fkey FOREIGN KEY (a, b) REFERENCES parent (a, b)
);

-- mig:down
-- rebuild of table child: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table child has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('child', 'main') WHERE lower(name) NOT IN ('id', 'a', 'b', 'qty');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""child"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""child"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""child"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""child"" broke a foreign key of ""child""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""child"" broke a foreign key to ""child""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""child"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM child) FROM pragma_foreign_keys;
CREATE TABLE child_mig_new (
    id bigint NOT NULL,
    a integer,
    b integer,
    qty integer,
    CONSTRAINT child_pkey PRIMARY KEY (id),
    CONSTRAINT child_qty_check CHECK (qty > 0),
    CONSTRAINT child_ab_fkey FOREIGN KEY (a, b) REFERENCES parent (a, b)
);
INSERT INTO child_mig_new (id, a, b, qty)
    SELECT id, a, b, qty FROM child;
DROP TABLE child;
PRAGMA legacy_alter_table = ON;
ALTER TABLE child_mig_new RENAME TO child;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE child RENAME TO child_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM child);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('child', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'child' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'child' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('child', 'main'));
DROP TABLE mig_rebuild;
-- destructive: drops table other and its rows
DROP TABLE other;
