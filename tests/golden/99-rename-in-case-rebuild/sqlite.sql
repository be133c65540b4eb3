-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:BJjdmjazx+cgacXcp6A0JSp1//vnxwFyfgynpRsY1ak=
-- mig:up
CREATE TABLE "Item" (
    id bigint NOT NULL,
    "Title" text,
    CONSTRAINT "Item_pkey" PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table Item and its rows
DROP TABLE "Item";
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:RF3Bklzauy0FEvJJnUkL2RGePjW3AYdfD2pT9Lmd5Wg=
-- mig:up
-- rebuild of table item: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table Item has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('Item', 'main') WHERE lower(name) NOT IN ('id', 'title');
DROP TABLE mig_guard;
CREATE TABLE item_mig_new (
    id bigint NOT NULL,
    title text NOT NULL DEFAULT 'x',
    CONSTRAINT item_pkey PRIMARY KEY (id)
);
INSERT INTO item_mig_new (id, title)
    SELECT id, coalesce("Title", 'x') FROM "Item";
DROP TABLE "Item";
PRAGMA legacy_alter_table = ON;
ALTER TABLE item_mig_new RENAME TO item;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE item RENAME TO item_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
-- mig:down
-- rebuild of table Item: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table item has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('item', 'main') WHERE lower(name) NOT IN ('id', 'title');
DROP TABLE mig_guard;
CREATE TABLE "Item_mig_new" (
    id bigint NOT NULL,
    "Title" text,
    CONSTRAINT "Item_pkey" PRIMARY KEY (id)
);
INSERT INTO "Item_mig_new" (id, "Title")
    SELECT id, title FROM item;
DROP TABLE item;
PRAGMA legacy_alter_table = ON;
ALTER TABLE "Item_mig_new" RENAME TO "Item";
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE "Item" RENAME TO "Item_mig_check";
ROLLBACK TO mig_check;
RELEASE mig_check;
