-- (mig-gen exited 2: mig-gen: models/m.xml:9: foreign key invoice_item_id_fkey: SQLite cannot reference a table of another schema (another attached database)
mig-gen: hint: keep both tables in one schema, or write PostgreSQL migrations only (--dialect pgsql))
