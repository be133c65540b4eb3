-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:jlkag/OhL8OtLG778yoKnxl9xiJfWKU8pEYCVsKEbQw=
-- mig:up
CREATE TABLE cache_entry (
    key text,
    value jsonb,
    CONSTRAINT cache_entry_pkey PRIMARY KEY (key)
) WITH (fillfactor=70);

CREATE UNLOGGED TABLE job (
    id bigint,
    CONSTRAINT job_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table job and its rows
DROP TABLE job;
-- destructive: drops table cache_entry and its rows
DROP TABLE cache_entry;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:j9AHSOhp9DaPbPlYmRVGs2GTmLJPF5z/8w2idRC4mLc=
-- mig:up
ALTER TABLE cache_entry SET UNLOGGED;
ALTER TABLE cache_entry SET (fillfactor=80, autovacuum_enabled=false);
ALTER TABLE job SET LOGGED;
ALTER TABLE job SET (autovacuum_vacuum_scale_factor=0.05);
CREATE UNLOGGED TABLE session (
    id uuid,
    CONSTRAINT session_pkey PRIMARY KEY (id)
) WITH (fillfactor=90);

-- mig:down
-- destructive: drops table session and its rows
DROP TABLE session;
ALTER TABLE job SET UNLOGGED;
ALTER TABLE job RESET (autovacuum_vacuum_scale_factor);
ALTER TABLE cache_entry SET LOGGED;
ALTER TABLE cache_entry RESET (autovacuum_enabled);
ALTER TABLE cache_entry SET (fillfactor=70);
