-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:BJjdmjazx+cgacXcp6A0JSp1//vnxwFyfgynpRsY1ak=
-- mig:up
CREATE TABLE "Item" (
    id bigint,
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
ALTER TABLE "Item" RENAME TO item;
ALTER TABLE item RENAME COLUMN "Title" TO title;
ALTER TABLE item RENAME CONSTRAINT "Item_pkey" TO item_pkey;
ALTER TABLE item ALTER COLUMN title SET DEFAULT 'x';
UPDATE item SET title = 'x' WHERE title IS NULL;
ALTER TABLE item ALTER COLUMN title SET NOT NULL;
-- mig:down
ALTER TABLE item ALTER COLUMN title DROP NOT NULL;
ALTER TABLE item ALTER COLUMN title DROP DEFAULT;
ALTER TABLE item RENAME CONSTRAINT item_pkey TO "Item_pkey";
ALTER TABLE item RENAME COLUMN title TO "Title";
ALTER TABLE item RENAME TO "Item";
