-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:dI9jrNNUmaVsqlp1qMxku6aAk8svYCdgec+1SjJyquQ=
-- mig:up
CREATE SCHEMA "My Schema";
CREATE TYPE "My Schema"."Mood" AS ENUM ('o''k', E'sa\\d');
CREATE TABLE "My Schema"."Order" (
    "user" integer,
    "a b" text DEFAULT E'x''y\\z',
    "q""x" "My Schema"."Mood" DEFAULT 'o''k',
    "select" integer,
    CONSTRAINT "Order_pkey" PRIMARY KEY ("user"),
    CONSTRAINT "Chk ""1""" CHECK ("user" > 0)
);

COMMENT ON TABLE "My Schema"."Order" IS 'it''s';
COMMENT ON COLUMN "My Schema"."Order"."a b" IS E'q''\\';
CREATE INDEX "Order_a b_idx" ON "My Schema"."Order" ("a b");
CREATE TABLE "group" (
    id integer,
    "Order" integer,
    CONSTRAINT group_pkey PRIMARY KEY (id),
    CONSTRAINT "group_Order_fkey" FOREIGN KEY ("Order") REFERENCES "My Schema"."Order" ("user")
);

-- mig:down
-- destructive: drops table group and its rows
DROP TABLE "group";
-- destructive: drops table My Schema.Order and its rows
DROP TABLE "My Schema"."Order";
DROP TYPE "My Schema"."Mood";
DROP SCHEMA "My Schema";
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:oQj+Dgm1uEkYOJqdEdK3oq2HNHhOBnDf9QLYJRhYCyI=
-- mig:up
ALTER TABLE "group" DROP CONSTRAINT "group_Order_fkey";
ALTER TABLE "My Schema"."Order" RENAME TO "Order Lines";
ALTER TABLE "My Schema"."Order Lines" RENAME COLUMN "select" TO "from";
ALTER TABLE "My Schema"."Order Lines" RENAME CONSTRAINT "Order_pkey" TO "Order Lines_pkey";
ALTER INDEX "My Schema"."Order_a b_idx" RENAME TO "Order Lines_a b_idx";
ALTER TYPE "My Schema"."Mood" RENAME TO "Mood_mig_old";
CREATE TYPE "My Schema"."Mood" AS ENUM (E'sa\\d', 'o''k', 'new"v');
ALTER TABLE "My Schema"."Order Lines" ALTER COLUMN "q""x" DROP DEFAULT;
ALTER TABLE "My Schema"."Order Lines" ALTER COLUMN "q""x" TYPE "My Schema"."Mood" USING "q""x"::text::"My Schema"."Mood";
ALTER TABLE "My Schema"."Order Lines" ALTER COLUMN "q""x" SET DEFAULT 'new"v';
DROP TYPE "My Schema"."Mood_mig_old";
ALTER TABLE "My Schema"."Order Lines" ALTER COLUMN "user" TYPE bigint USING "user"::bigint;
-- destructive: narrows column My Schema.Order.a b (values that do not fit make it fail)
ALTER TABLE "My Schema"."Order Lines" ALTER COLUMN "a b" DROP DEFAULT;
ALTER TABLE "My Schema"."Order Lines" ALTER COLUMN "a b" TYPE varchar(50) USING "a b"::varchar(50);
ALTER TABLE "My Schema"."Order Lines" ALTER COLUMN "a b" SET DEFAULT E'x''y\\z';
ALTER TABLE "group" ALTER COLUMN "Order" TYPE bigint USING "Order"::bigint;
ALTER TABLE "My Schema"."Order Lines" ALTER COLUMN "from" SET NOT NULL;
CREATE SEQUENCE "My Schema"."Order Lines_from_seq" AS integer OWNED BY "My Schema"."Order Lines"."from";
ALTER TABLE "My Schema"."Order Lines" ALTER COLUMN "from" SET DEFAULT nextval('"My Schema"."Order Lines_from_seq"');
SELECT setval(pg_get_serial_sequence('"My Schema"."Order Lines"', 'from'), coalesce(max("from"), 0) + 1, false) FROM "My Schema"."Order Lines";
CREATE INDEX "Order Lines_from_idx" ON "My Schema"."Order Lines" ("from");
ALTER TABLE "group" ADD CONSTRAINT "group_Order_fkey" FOREIGN KEY ("Order") REFERENCES "My Schema"."Order Lines" ("user");
COMMENT ON TABLE "My Schema"."Order Lines" IS E'it''s \\ new';
COMMENT ON COLUMN "My Schema"."Order Lines"."a b" IS E'q''\\2';
COMMENT ON INDEX "My Schema"."Order Lines_a b_idx" IS 'ix''';
-- mig:down
COMMENT ON INDEX "My Schema"."Order Lines_a b_idx" IS NULL;
COMMENT ON COLUMN "My Schema"."Order Lines"."a b" IS E'q''\\';
COMMENT ON TABLE "My Schema"."Order Lines" IS 'it''s';
ALTER TABLE "group" DROP CONSTRAINT "group_Order_fkey";
DROP INDEX "My Schema"."Order Lines_from_idx";
DO $mig$ BEGIN EXECUTE 'ALTER TABLE ' || '"My Schema"."Order Lines"' || ' ALTER COLUMN ' || quote_ident('from') || ' DROP DEFAULT'; EXECUTE 'DROP SEQUENCE ' || pg_get_serial_sequence('"My Schema"."Order Lines"', 'from'); END $mig$;
ALTER TABLE "My Schema"."Order Lines" ALTER COLUMN "from" DROP NOT NULL;
ALTER TABLE "group" ALTER COLUMN "Order" TYPE integer USING "Order"::integer;
ALTER TABLE "My Schema"."Order Lines" ALTER COLUMN "a b" DROP DEFAULT;
ALTER TABLE "My Schema"."Order Lines" ALTER COLUMN "a b" TYPE text USING "a b"::text;
ALTER TABLE "My Schema"."Order Lines" ALTER COLUMN "a b" SET DEFAULT E'x''y\\z';
ALTER TABLE "My Schema"."Order Lines" ALTER COLUMN "user" TYPE integer USING "user"::integer;
ALTER TYPE "My Schema"."Mood" RENAME TO "Mood_mig_old";
CREATE TYPE "My Schema"."Mood" AS ENUM ('o''k', E'sa\\d');
ALTER TABLE "My Schema"."Order Lines" ALTER COLUMN "q""x" DROP DEFAULT;
ALTER TABLE "My Schema"."Order Lines" ALTER COLUMN "q""x" TYPE "My Schema"."Mood" USING "q""x"::text::"My Schema"."Mood";
ALTER TABLE "My Schema"."Order Lines" ALTER COLUMN "q""x" SET DEFAULT 'o''k';
DROP TYPE "My Schema"."Mood_mig_old";
ALTER INDEX "My Schema"."Order Lines_a b_idx" RENAME TO "Order_a b_idx";
ALTER TABLE "My Schema"."Order Lines" RENAME CONSTRAINT "Order Lines_pkey" TO "Order_pkey";
ALTER TABLE "My Schema"."Order Lines" RENAME COLUMN "from" TO "select";
ALTER TABLE "My Schema"."Order Lines" RENAME TO "Order";
ALTER TABLE "group" ADD CONSTRAINT "group_Order_fkey" FOREIGN KEY ("Order") REFERENCES "My Schema"."Order" ("user");
