-- (mig-gen exited 2: mig-gen: models/m.xml:8: table car: SQLite has no table inheritance (INHERITS)
mig-gen: hint: write PostgreSQL migrations only (--dialect pgsql))
