-- (mig-gen exited 2: mig-gen: models/m.xml:7: table audit: SQLite has no row-level security
mig-gen: hint: write PostgreSQL migrations only (--dialect pgsql))
