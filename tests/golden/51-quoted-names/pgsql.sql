-- mig:revision 0001_20260101000001_after
-- mig:parents
-- mig:message after
-- mig:transaction on
-- mig:state h1:wgt2XkJxXUcDulOZhG4RzHss7lkx4/gKCKYdFl2U788=
-- mig:up
CREATE TABLE "Order Line" (
    "Id" bigint,
    "select" text,
    "user" text DEFAULT 'it''s',
    "weird""col" integer,
    CONSTRAINT "Order Line_pkey" PRIMARY KEY ("Id"),
    CONSTRAINT "Order Line_select_key" UNIQUE ("select"),
    CONSTRAINT "Check It" CHECK ("Id" > 0)
);

CREATE INDEX "OL idx" ON "Order Line" ("weird""col" DESC);
-- mig:down
-- destructive: drops table Order Line and its rows
DROP TABLE "Order Line";
