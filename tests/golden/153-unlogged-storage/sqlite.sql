-- (mig-gen exited 2: mig-gen: models/m.xml:2: table cache_entry: SQLite has no storage parameters (WITH (...))
mig-gen: hint: write PostgreSQL migrations only (--dialect pgsql))
