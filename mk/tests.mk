# Tests: Check suites (unit and integration, in one test program), run
# against a throwaway PostgreSQL cluster that tests/pg-harness.sh owns.
#   make check            every suite (starts PostgreSQL), plus valgrind on
#                         the model round trip (skipped under SANITIZE=1)
#   make check-unit       the suites that need no server
#   make check-golden     generated SQL per scenario against tests/golden/
#                         (UPDATE=1 rewrites it)
#   make check-layers     no include cycle among library modules, no dialect
#                         named outside tools/lib/dialect/ (tests/layers.sh)
#   make fuzz             the libFuzzer targets (one per parser), FUZZ_SECONDS
#                         each (default 60)

TEST_SRCS := tests/check_main.c $(sort $(wildcard tests/support/*.c tests/unit/*.c tests/integration/*.c))

TEST_OBJS := $(TEST_SRCS:%.c=$(BUILD)/%.o)
TEST_BIN := $(BUILD)/tests/mig-tests
CHECK_CFLAGS := $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS := $(shell $(PKG_CONFIG) --libs check 2>/dev/null)

$(TEST_OBJS): ALL_CFLAGS += $(CHECK_CFLAGS) -Itests/support -Itests

$(TEST_BIN): $(TEST_OBJS) $(LIBMIG)
	$(call quiet,LINK,$@)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS) $(CHECK_LIBS)

MIG_CORPORA ?= $(abspath $(CURDIR)/../shared/corpora)
TEST_ENV := MIG_TEST_BIN=$(BIN) MIG_TEST_ROOT=$(CURDIR) MIG_CORPORA=$(MIG_CORPORA)

check: $(TOOL_BINS) $(TEST_BIN) check-layers check-golden $(if $(filter 1,$(SANITIZE)),,check-valgrind)
	$(Q)$(TEST_ENV) tests/pg-harness.sh $(TEST_BIN)

# The SQL mig-gen writes for every scenario and dialect, against
# tests/golden/; UPDATE=1 rewrites the files (review the diff).
check-golden: $(BIN)/mig-gen
	$(Q)UPDATE=$(UPDATE) tests/golden.sh $(abspath $(BIN))

# The layers of tools/lib, read from the source (docs/architecture.md).
check-layers:
	$(Q)tests/layers.sh

check-unit: $(TOOL_BINS) $(TEST_BIN)
	$(Q)$(TEST_ENV) MIG_TEST_NO_PG=1 $(TEST_BIN)

# The model round trip of models/ (parse, write, parse, write) under valgrind.
VALGRIND := valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect,possible \
	--errors-for-leak-kinds=definite,indirect,possible --error-exitcode=1
check-valgrind: $(TOOL_BINS) $(TEST_BIN)
	@echo "    VALGRIND model round trip"
	$(Q)$(TEST_ENV) MIG_TEST_NO_PG=1 CK_FORK=no CK_RUN_SUITE=model_xml CK_VERBOSITY=silent \
		$(VALGRIND) $(TEST_BIN)
	$(Q)$(VALGRIND) $(BIN)/mig-gen --models models --print-model >/dev/null

# libFuzzer needs clang; the fuzz build has its own objects.
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_BUILD := build/fuzz
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_TARGETS := fuzz_model_xml fuzz_migfile fuzz_sumfile fuzz_url fuzz_dotenv fuzz_ddl_effect \
	fuzz_ddl_replay_sqlite
# Everything but the command-line layer, which needs a tool_name.
FUZZ_LIB_SRCS := $(filter-out tools/lib/cli/%,$(LIB_SRCS)) $(BUILD)/gen/model_xsd.c

$(FUZZ_BUILD)/%: tests/fuzz/%.c $(LIB_SRCS) $(BUILD)/gen/model_xsd.c $(HEADERS)
	@mkdir -p $(@D)
	$(call quiet,FUZZ,$@)$(FUZZ_CC) -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE \
		$(FUZZ_FLAGS) $(PKG_CFLAGS) $(XMLLIB_DEFINE) $(LIB_INCLUDES) -o $@ $< $(FUZZ_LIB_SRCS) $(LIBS)

fuzz: $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/%)
	@for t in $(FUZZ_TARGETS); do \
		name=$${t#fuzz_}; work=$(FUZZ_BUILD)/corpus-$$name; mkdir -p $$work; \
		echo "    FUZZ   $$t for $(FUZZ_SECONDS)s"; \
		$(FUZZ_BUILD)/$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			-dict=tests/fuzz/$$name.dict $$work tests/fuzz/corpus/$$name || exit 1; \
	done

.PHONY: check check-unit check-golden check-layers check-valgrind fuzz

# Benchmarks (reports, not tests). bench-gen: mig-gen on 1,000 and 10,000
# tables of 20 columns, first migration and a 50-change diff.
BENCH_WORK ?= $(BUILD)/bench
$(BUILD)/bench/bench-gen: tests/bench/bench_gen.c
	@mkdir -p $(@D)
	$(call quiet,CC,$@)$(CC) -O2 -Wall -Wextra -Werror -Wno-format-truncation -o $@ $<

bench-gen: $(BIN)/mig-gen $(BUILD)/bench/bench-gen
	$(Q)$(BUILD)/bench/bench-gen $(abspath $(BIN)/mig-gen) $(abspath $(BENCH_WORK)) $(BENCH_TABLES)

# bench-apply: mig-apply (a transaction per migration, and
# --single-transaction) against the server's psql (-1, and autocommit) on the
# same SQL, BENCH_MIGRATIONS small migrations in a chain, BENCH_ROUNDS rounds,
# on a throwaway PostgreSQL; then the same on SQLite against the sqlite3 shell
# (one BEGIN/COMMIT, and autocommit), a new database file for each run.
# BENCH_DIALECT=pgsql or sqlite runs one of the two.
BENCH_MIGRATIONS ?= 1000
BENCH_ROUNDS ?= 5
$(BUILD)/bench/bench-apply: tests/bench/bench_apply.c
	@mkdir -p $(@D)
	$(call quiet,CC,$@)$(CC) -std=c11 -O2 -Wall -Wextra -Werror -Wno-format-truncation -o $@ $<

$(BUILD)/bench/bench-onemsg: tests/bench/bench_onemsg.c
	@mkdir -p $(@D)
	$(call quiet,CC,$@)$(CC) -std=c11 -O2 -Wall -Wextra -Werror $(shell pkg-config --cflags libpq) -o $@ $< \
		$(shell pkg-config --libs libpq)

bench-apply: $(BIN)/mig-apply $(BIN)/mig-gen $(BUILD)/bench/bench-apply $(BUILD)/bench/bench-onemsg
	$(Q)tests/pg-harness.sh $(BUILD)/bench/bench-apply $(abspath $(BIN)) $(abspath $(BENCH_WORK))/apply \
		$(BENCH_MIGRATIONS) $(BENCH_ROUNDS)

# bench-online: the longest write stall, p99 and max write latency of the
# migration mig-gen writes against the one of mig-gen --online, for a new
# index, a new foreign key and a column made NOT NULL on pgbench_accounts
# (1,000,000 rows), under a pgbench write load (4 clients), on a throwaway
# PostgreSQL; a table, each run's series and the plot online-load.svg in
# BENCH_WORK/online (docs/online.md). BENCH_ONLINE_SECONDS: the load's length.
$(BUILD)/bench/bench-online: tests/bench/bench_online.c tests/support/pgbench_log.c tests/support/pgbench_log.h
	@mkdir -p $(@D)
	$(call quiet,CC,$@)$(CC) -std=c11 -O2 -Wall -Wextra -Werror -Wno-format-truncation -Itests/support \
		-o $@ tests/bench/bench_online.c tests/support/pgbench_log.c -lm

bench-online: $(BIN)/mig-apply $(BIN)/mig-gen $(BIN)/mig-inspect $(BIN)/mig-stamp $(BUILD)/bench/bench-online
	$(Q)tests/pg-harness.sh $(BUILD)/bench/bench-online $(abspath $(BIN)) $(abspath $(BENCH_WORK))/online

# bench-floor: every tool against the floor doing the same work, side by
# side, BENCH_SIZES (100 1000 10000) migrations and tables, BENCH_ROUNDS
# rounds: mig-heads and a no-op mig-apply against psql's connect + SELECT 1,
# mig-inspect against pg_dump -s, mig-gen against xmllint --noout; each
# tool's peak memory; PEERS=1 adds alembic and sqitch when installed.
BENCH_SIZES ?= 100 1000 10000
BENCH_FLOOR_ROUNDS ?= 5
$(BUILD)/bench/bench-floor: tests/bench/bench_floor.c
	@mkdir -p $(@D)
	$(call quiet,CC,$@)$(CC) -std=c11 -O2 -Wall -Wextra -Werror -Wno-format-truncation -o $@ $<

bench-floor: $(TOOL_BINS) $(BUILD)/bench/bench-floor
	$(Q)BENCH_SIZES='$(BENCH_SIZES)' BENCH_ROUNDS=$(BENCH_FLOOR_ROUNDS) \
		MIG_PG_HARNESS_OPTS='-c max_locks_per_transaction=1024' \
		tests/pg-harness.sh $(BUILD)/bench/bench-floor $(abspath $(BIN)) $(abspath $(BENCH_WORK))/floor

# bench: all of them one after the other (never two at once: they would
# time each other), then tests/bench/report.sh writes the table and the plot
# into docs/benchmarks.md and docs/benchmarks.png (gnuplot, for the plot).
BENCH_RESULTS ?= $(abspath $(BENCH_WORK))/results.tsv
bench:
	$(Q)mkdir -p $(BENCH_WORK) && rm -f $(BENCH_RESULTS)
	$(Q)$(MAKE) --no-print-directory bench-gen
	$(Q)BENCH_RESULTS=$(BENCH_RESULTS) BENCH_DIALECT=pgsql $(MAKE) --no-print-directory bench-apply
	$(Q)BENCH_RESULTS=$(BENCH_RESULTS) $(MAKE) --no-print-directory bench-floor
	$(Q)$(MAKE) --no-print-directory bench-online
	$(Q)tests/bench/report.sh $(BENCH_RESULTS) docs/benchmarks.md docs/benchmarks.png

.PHONY: bench bench-gen bench-apply bench-online bench-floor

# The public schema-diff suite of sqldef (its psqldef and sqlite3def cases),
# replayed through mig: up, down and up again, compared by catalog
# (docs/sqldef.md). Not part of `make check`: it needs a sqldef checkout
# (or a bare mirror of its repository). ONLY=REGEX narrows the cases,
# KEEP=1 keeps the project of each failure in build/sqldef/kept/.
SQLDEF ?=
check-sqldef: $(BIN)/mig-inspect $(BIN)/mig-gen $(BIN)/mig-apply
	$(Q)test -n "$(SQLDEF)" || { echo "usage: make check-sqldef SQLDEF=<sqldef checkout or its git mirror>" >&2; exit 2; }
	$(Q)python3 tests/sqldef/replay.py --sqldef '$(SQLDEF)' --bin $(BIN) --out build/sqldef \
		$(if $(ONLY),--only '$(ONLY)') $(if $(filter 1,$(KEEP)),--keep)

.PHONY: check-sqldef
