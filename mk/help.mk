# make help: what this Makefile can do.

help:
	@echo 'Building:'
	@echo '  make                  build the tools into bin/ (V=1: show commands)'
	@echo '  make SANITIZE=1       build with AddressSanitizer + UBSan (into build/san/bin)'
	@echo '  make install          install tools, man pages, model schema and mk/mig.mk'
	@echo '                        (PREFIX=/usr/local, DESTDIR=)'
	@echo '  make uninstall        remove what make install put in place'
	@echo '  make man              the man pages for MANPATH before make install'
	@echo '                        (MANPATH="$$PWD/build/man:" man mig-gen)'
	@echo '  make clean            remove build/ and bin/'
	@echo '  make hdr-check        compile every header of tools/lib on its own'
	@echo
	@echo 'Testing:'
	@echo '  make check            every test suite, against a throwaway PostgreSQL, and'
	@echo '                        valgrind on the model round trip (SANITIZE=1: under ASan)'
	@echo '  make check-unit       the suites that need no database server'
	@echo '  make check-golden     generated SQL of every scenario against tests/golden/ (UPDATE=1 rewrites)'
	@echo '  make check-layers     no include cycle in tools/lib, no dialect named outside tools/lib/dialect/'
	@echo '  make check-valgrind   valgrind on the model round trip of models/'
	@echo '  make fuzz             run the libFuzzer targets (FUZZ_SECONDS=60 each)'
	@echo '  make check-sqldef SQLDEF=DIR'
	@echo '                        replay sqldef'"'"'s schema-diff suite through mig (docs/sqldef.md;'
	@echo '                        ONLY=REGEX, KEEP=1); not part of make check'
	@echo
	@$(MAKE) -s --no-print-directory mig-help
	@echo
	@echo 'Benchmarks:'
	@echo '  make bench            every benchmark below, one after the other (bench-apply: PostgreSQL only), then'
	@echo '                        the table and plot of docs/benchmarks.md (gnuplot; PEERS=1 adds alembic, sqitch)'
	@echo '  make bench-gen        mig-gen on 1,000 and 10,000 tables (BENCH_TABLES=N for others)'
	@echo '  make bench-apply      mig-apply against psql and the sqlite3 shell on 1,000 migrations, on a throwaway'
	@echo '                        PostgreSQL and new SQLite files (BENCH_MIGRATIONS=N, BENCH_ROUNDS=5,'
	@echo '                        BENCH_DIALECT=pgsql or sqlite for one)'
	@echo '  make bench-online     longest write stall of a migration under a pgbench write load, mig-gen against'
	@echo '                        mig-gen --online, on a throwaway PostgreSQL (docs/online.md; BENCH_ONLINE_SECONDS=15)'
	@echo '  make bench-floor      each tool against the floor doing the same work: mig-heads and a no-op mig-apply'
	@echo '                        against psql SELECT 1, mig-inspect against pg_dump -s, mig-gen against xmllint;'
	@echo '                        peak memory of every tool (BENCH_SIZES="100 1000 10000", BENCH_FLOOR_ROUNDS=5,'
	@echo '                        PEERS=1)'

.PHONY: help
