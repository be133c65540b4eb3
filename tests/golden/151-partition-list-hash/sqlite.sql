-- (mig-gen exited 2: mig-gen: models/m.xml:3: table orders: SQLite has no declarative partitioning (PARTITION BY)
mig-gen: hint: write PostgreSQL migrations only (--dialect pgsql))
