-- (mig-gen exited 2: mig-gen: models/m.xml:17: foreign key group_Order_fkey: SQLite cannot reference a table of another schema (another attached database)
mig-gen: hint: keep both tables in one schema, or write PostgreSQL migrations only (--dialect pgsql))
