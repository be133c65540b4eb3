-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:bg57DYLcdHH5aF/Yf29/ausdY9EHr6I+5c7e1lh3UK0=
-- mig:up
CREATE TABLE "Users" (
    id bigint,
    email text,
    CONSTRAINT users_pk PRIMARY KEY (id)
);

CREATE INDEX users_email_idx ON "Users" (email);
CREATE TABLE tag (
    id bigint,
    label text NOT NULL,
    CONSTRAINT tag_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table tag and its rows
DROP TABLE tag;
-- destructive: drops table Users and its rows
DROP TABLE "Users";
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:J4iIrAxcL8XFmhXOLEJ9AVz3bIM5lfFQYQU+IyuiB74=
-- mig:up
ALTER TABLE "Users" RENAME TO users;
ALTER TABLE tag RENAME COLUMN label TO "Label";
ALTER TABLE users RENAME COLUMN email TO "Email";
-- mig:down
ALTER TABLE users RENAME COLUMN "Email" TO email;
ALTER TABLE tag RENAME COLUMN "Label" TO label;
ALTER TABLE users RENAME TO "Users";
