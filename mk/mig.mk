# mig targets for a project's Makefile: include this file
# (include path/to/mig/mk/mig.mk, or the installed $(PREFIX)/share/mig/mig.mk)
# and run `make db-...`; `make mig-help` lists the targets.
#
# Settings (make variables, or the environment; defaults in brackets):
#   MIG_BIN         where the tools are [the bin/ of the mig tree this file is
#                   in, built on first use; installed: PATH]
#   MIG_MODELS      the model files [models]
#   MIG_MIGRATIONS  the migrations [migrations]
#   MIG_APP         one app of the models [all]
#   MIG_DIALECT     pgsql or sqlite: the one folder the tools use [the database's;
#                   mig-gen: the folders there are; check-migrations: every folder]
#   MIG_SEEDS       db-seed's SQL files [seeds]
#   MIG_BACKUPS     where db-backup writes [backups]
#   MIG_BACKUP=1    db-upgrade and db-update back the database up first
#   MIG_FLEET       db-upgrade-fleet's file: one database URL per line
#   MIG_GRAPH       db-graph's output, without extension [migrations-graph]
#   MIG_ONLINE=1    mig-gen (db-migrate, db-init, db-update) writes the online
#                   plan (docs/online.md) [the .env's, else 0]
#   MIG_LINT=1      check-migrations lints the migrations too (mig-check --lint)
#   DATABASE_URL    the database (or POSTGRES_*, .env files; see mig's README)
#
# Arguments: name=NAME (db-migrate, db-migrate-empty), to=REV (every target
# that takes a revision: db-upgrade, db-downgrade, db-sql, db-stamp; a
# revision given under another name, rev=REV, is refused, naming to=),
# yes=1 (db-downgrade: no question on a terminal), args="..." (options for
# the target's tool, split at blanks, never evaluated: mig-gen's decisions
# for db-migrate, "--wait 30 --lock-timeout 5000" for db-upgrade; db-init and
# db-update pass args= to mig-gen and apply_args= to mig-apply).
# Recipes read them from the
# shell's environment, never pasted into a recipe, so that quotes and $(...)
# in a name stay text (make itself expands a name=... given on its command
# line; the justfile passes it through the environment, which make leaves
# alone).

MIG_MODELS ?= models
MIG_MIGRATIONS ?= migrations
MIG_APP ?=
MIG_DIALECT ?=
MIG_SEEDS ?= seeds
MIG_BACKUPS ?= backups
MIG_BACKUP ?=
MIG_FLEET ?=
# set in the Makefile too, not only on the command line; unset, the .env's holds
ifneq ($(MIG_ONLINE),)
export MIG_ONLINE
endif
MIG_GRAPH ?= migrations-graph
MIG_LINT ?=

# Included from a mig source tree: its tools, built when a target needs them.
MIG_MK_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
MIG_TREE := $(patsubst %/,%,$(dir $(MIG_MK_DIR)))
ifeq ($(origin MIG_BIN),undefined)
ifneq ($(wildcard $(MIG_TREE)/tools/mig-apply.c),)
MIG_BIN := $(MIG_TREE)/bin
MIG_TOOL_DEPS := mig-tools
mig-tools:
	@$(MAKE) -s --no-print-directory -C $(call MIG_Q,$(MIG_TREE))
.PHONY: mig-tools
else
MIG_BIN :=
endif
endif
MIG_TOOL_DEPS ?=

# A setting as one shell word: in single quotes, each quote in it as '\'', so
# that a path holding a quote, a space or a ; stays a path.
MIG_Q = '$(subst ','\'',$(1))'
# MIG_MAKE=1: the tools' hints name these targets (make db-rehash), not the tools.
MIG_TOOL = MIG_MAKE=1 $(call MIG_Q,$(if $(MIG_BIN),$(MIG_BIN)/)$(1))
# mig-apply says what it applies, in a terminal and in a CI log alike (LOG_LEVEL=error silences it)
MIG_APPLY = $(call MIG_TOOL,mig-apply) --progress
MIG_COMMON = --models $(call MIG_Q,$(MIG_MODELS)) --migrations $(call MIG_Q,$(MIG_MIGRATIONS)) \
	$(if $(MIG_APP),--app $(call MIG_Q,$(MIG_APP))) $(if $(MIG_DIALECT),--dialect $(call MIG_Q,$(MIG_DIALECT)))
# A revision is to=REV for every target; another name for it (a typo, or
# db-stamp's old rev=) is refused rather than ignored. Names on make's command
# line, and rev/revision from the environment too (the justfile's way).
MIG_REV_WRONG_NAMES := rev revision REV TO target TARGET version
MIG_REV_GIVEN = $(strip $(foreach v,$(MIG_REV_WRONG_NAMES),$(if $(or $(filter command line,$(origin $(v))),\
	$(and $(filter rev revision,$(v)),$(filter environment,$(origin $(v))))),$(v))))
MIG_CHECK_REV = $(if $(MIG_REV_GIVEN),echo 'make $@: give the revision as to=REV (not $(firstword \
	$(MIG_REV_GIVEN))=)' >&2; exit 2;)
# yes=1 (or yes, true): db-downgrade does not ask
MIG_YES = $$(case "$${yes:-}" in (1|y|yes|true) echo --yes;; esac)
# MIG_BACKUP=1: a backup before the database changes
MIG_MAYBE_BACKUP = $(if $(filter 1 yes true,$(MIG_BACKUP)),$(call MIG_TOOL,mig-backup) $(MIG_COMMON) \
	--dir $(call MIG_Q,$(MIG_BACKUPS)) &&)

# --- writing migrations -------------------------------------------------------

# check the models and print them as mig reads them
db-models: $(MIG_TOOL_DEPS)
	@set -f; $(call MIG_TOOL,mig-gen) $(MIG_COMMON) --print-model $${args:-}

# write the next migration for the change to the models
db-migrate: $(MIG_TOOL_DEPS)
	@if [ -z "$${name:-}" ] && [ -z "$${UPDATE_MESSAGE:-}" ]; then \
		echo 'usage: make db-migrate name=NAME (or UPDATE_MESSAGE=...)' >&2; exit 2; fi
	@set -f; $(call MIG_TOOL,mig-gen) $(MIG_COMMON) $${name:+--name "$$name"} $${args:-}

# write an empty migration to fill in by hand
db-migrate-empty: $(MIG_TOOL_DEPS)
	@if [ -z "$${name:-}" ]; then echo 'usage: make db-migrate-empty name=NAME' >&2; exit 2; fi
	@set -f; $(call MIG_TOOL,mig-gen) $(MIG_COMMON) --empty --name "$$name" $${args:-}

# join two heads (branches merged in git) with a merge migration
db-merge: $(MIG_TOOL_DEPS)
	@set -f; $(call MIG_TOOL,mig-gen) $(MIG_COMMON) --merge $${name:+--name "$$name"} $${args:-}

# record hand edits of migrations in the sum file (after db-migrate-empty, or a reviewed fix)
db-rehash: $(MIG_TOOL_DEPS)
	@set -f; $(call MIG_TOOL,mig-gen) $(MIG_COMMON) --rehash $${args:-}

# fail when the models are ahead of the migrations
db-check-models: $(MIG_TOOL_DEPS)
	@set -f; $(call MIG_TOOL,mig-gen) $(MIG_COMMON) --check $${args:-}

# --- the database -------------------------------------------------------------

# the first migration from the models (when they are ahead), then upgrade
db-init: $(MIG_TOOL_DEPS)
	@set -f; $(call MIG_TOOL,mig-gen) $(MIG_COMMON) --name "$${name:-init}" $${args:-}
	@set -f; $(MIG_MAYBE_BACKUP) $(MIG_APPLY) $(MIG_COMMON) --upgrade $${apply_args:-}

# apply the pending migrations (to=REV: up to that revision; one behind the database is refused)
db-upgrade: $(MIG_TOOL_DEPS)
	@$(MIG_CHECK_REV) set -f; $(MIG_MAYBE_BACKUP) $(MIG_APPLY) $(MIG_COMMON) --upgrade $${to:+--to "$$to"} $${args:-}

# undo the last migration (to=REV: down to that revision, to=base: all; yes=1: no question)
db-downgrade: $(MIG_TOOL_DEPS)
	@$(MIG_CHECK_REV) set -f; $(MIG_MAYBE_BACKUP) $(MIG_APPLY) $(MIG_COMMON) --downgrade $${to:+--to "$$to"} \
		$(MIG_YES) $${args:-}

# seeds/000's one-shot: a migration named UPDATE_MESSAGE if the models changed, then upgrade
db-update: $(MIG_TOOL_DEPS)
	@set -f; $(call MIG_TOOL,mig-gen) $(MIG_COMMON) --name "$${UPDATE_MESSAGE:-$${name:-update}}" $${args:-}
	@set -f; $(MIG_MAYBE_BACKUP) $(MIG_APPLY) $(MIG_COMMON) --upgrade $${apply_args:-}

# the SQL db-upgrade would run (to=REV too), without touching the database
db-sql: $(MIG_TOOL_DEPS)
	@$(MIG_CHECK_REV) set -f; $(call MIG_TOOL,mig-apply) $(MIG_COMMON) --sql $${to:+--to "$$to"} $${args:-}

# every migration, with applied time and duration
db-history: $(MIG_TOOL_DEPS)
	@set -f; $(call MIG_TOOL,mig-heads) $(MIG_COMMON) --history $${args:-}

# the heads of the migration graph
db-heads: $(MIG_TOOL_DEPS)
	@set -f; $(call MIG_TOOL,mig-heads) $(MIG_COMMON) $${args:-}

# the database's current revision
db-current: $(MIG_TOOL_DEPS)
	@set -f; $(call MIG_TOOL,mig-heads) $(MIG_COMMON) --current $${args:-}

# the migrations not applied yet; fails when there is any (a CI gate, as `aerich heads`)
db-pending: $(MIG_TOOL_DEPS)
	@set -f; $(call MIG_TOOL,mig-heads) $(MIG_COMMON) --pending --check $${args:-}

# record to=REV (head, base) as applied without running SQL
db-stamp: $(MIG_TOOL_DEPS)
	@$(MIG_CHECK_REV) if [ -z "$${to:-}" ]; then echo 'usage: make db-stamp to=REV (or head, base)' >&2; exit 2; fi
	@set -f; $(call MIG_TOOL,mig-stamp) $(MIG_COMMON) $${args:-} -- "$$to"

# the SQL files of MIG_SEEDS, in name order, in one transaction
db-seed: $(MIG_TOOL_DEPS)
	@set -f; $(call MIG_TOOL,mig-apply) $(MIG_COMMON) --seed $(call MIG_Q,$(MIG_SEEDS)) $${args:-}

# a backup of the database into MIG_BACKUPS (pg_dump -Fc, or a SQLite copy)
db-backup: $(MIG_TOOL_DEPS)
	@set -f; $(call MIG_TOOL,mig-backup) $(MIG_COMMON) --dir $(call MIG_Q,$(MIG_BACKUPS)) $${args:-}

# print the live database's schema as a model
db-inspect: $(MIG_TOOL_DEPS)
	@set -f; $(call MIG_TOOL,mig-inspect) $(if $(MIG_APP),--app $(call MIG_Q,$(MIG_APP))) $${args:-}

# the revision graph: MIG_GRAPH.dot, and .svg and .png when Graphviz is installed.
# The DOT file is written whole or not at all: a failing mig-heads (a broken
# migrations folder) must not leave an empty graph behind for dot or a reader;
# MIG_GRAPH's folder is made when missing.
db-graph: $(MIG_TOOL_DEPS)
	@set -f; graph=$(call MIG_Q,$(MIG_GRAPH)); mkdir -p "$$(dirname "$$graph")" && \
	$(call MIG_TOOL,mig-heads) $(MIG_COMMON) --graph $${args:-} > "$$graph.dot.tmp" && \
	mv -f "$$graph.dot.tmp" "$$graph.dot" || { rm -f "$$graph.dot.tmp"; exit 1; }; \
	echo "$$graph.dot"; \
	if command -v dot >/dev/null 2>&1; then \
		dot -Tsvg "$$graph.dot" -o "$$graph.svg" && echo "$$graph.svg" && \
		dot -Tpng "$$graph.dot" -o "$$graph.png" && echo "$$graph.png"; \
	else echo 'db-graph: Graphviz (dot) is not installed: only the DOT file was written' >&2; fi

# the CI gate: every problem of the migrations and the models, one line each
check-migrations: $(MIG_TOOL_DEPS)
	@set -f; $(call MIG_TOOL,mig-check) $(MIG_COMMON) $(if $(filter 1 yes true,$(MIG_LINT)),--lint) $${args:-}

# the locks and hazards of every migration for a live database (mig-lint(1))
db-lint: $(MIG_TOOL_DEPS)
	@set -f; $(call MIG_TOOL,mig-lint) $(MIG_COMMON) $${args:-}

.PHONY: db-models db-migrate db-migrate-empty db-merge db-rehash db-check-models db-init db-upgrade \
	db-downgrade db-update db-sql db-history db-heads db-current db-pending db-stamp db-seed \
	db-backup db-inspect db-graph check-migrations db-lint

# --- fleets: many databases, one make target each ------------------------------
#
# make -j8 db-upgrade-fleet MIG_FLEET=targets.txt upgrades every database of
# the file (one URL per line; blank lines and # comments skipped) in
# parallel, make's job server being the engine; a failing database does not
# stop the others, and a summary says which are at head. The URLs stay in
# the file: make never expands them, and they are shown without passwords.

MIG_FLEET_STATUS ?= .mig-fleet
# The file's URLs: a CR (a file from Windows) and surrounding blanks trimmed.
MIG_FLEET_LINES = awk '{ sub(/\r$$/, ""); sub(/^[ \t]+/, ""); sub(/[ \t]+$$/, "") } NF && !/^\#/' \
	$(call MIG_Q,$(MIG_FLEET))
MIG_FLEET_COUNT = $(if $(MIG_FLEET),$(shell $(MIG_FLEET_LINES) 2>/dev/null | wc -l))
MIG_FLEET_TARGETS = $(addprefix db-upgrade-fleet-,$(shell seq 1 $(or $(MIG_FLEET_COUNT),0)))
MIG_FLEET_DIR = $(call MIG_Q,$(MIG_FLEET_STATUS))
MIG_MASK_URL = sed -E 's,(://[^:/@]*):[^@/]*@,\1:***@,; s,([?&]password=)[^&]*,\1***,'

# A file with no URL must not reach the sub-make below: with no goal, it
# would run the first target of the project's Makefile instead.
db-upgrade-fleet: $(MIG_TOOL_DEPS)
	@fleet=$(call MIG_Q,$(MIG_FLEET)); if [ -z "$$fleet" ] || [ ! -r "$$fleet" ]; then \
		echo 'usage: make -j8 db-upgrade-fleet MIG_FLEET=FILE (a database URL per line)' >&2; exit 2; fi; \
	if [ '$(MIG_FLEET_COUNT)' = 0 ]; then echo "db-upgrade-fleet: $$fleet lists no database URL" >&2; exit 2; fi
	@rm -rf $(MIG_FLEET_DIR) && mkdir -p $(MIG_FLEET_DIR) && printf '# written by mig\n*\n' > $(MIG_FLEET_DIR)/.gitignore
	@$(MAKE) --no-print-directory -k $(MIG_FLEET_TARGETS); status=$$?; \
	echo 'db-upgrade-fleet:'; at=0; n=0; \
	for i in $$(seq 1 $(MIG_FLEET_COUNT)); do n=$$((n + 1)); \
		line=$$(cat $(MIG_FLEET_DIR)/$$i.status 2>/dev/null || echo "$$i FAILED (not run)"); \
		case "$$line" in *": at head "*) at=$$((at + 1));; esac; echo "  $$line"; done; \
	echo "db-upgrade-fleet: $$at of $$n databases at head"; exit $$status

db-upgrade-fleet-%: $(MIG_TOOL_DEPS)
	@url=$$($(MIG_FLEET_LINES) | sed -n '$*p'); shown=$$(printf '%s' "$$url" | $(MIG_MASK_URL)); \
	dir=$(MIG_FLEET_DIR); log="$$dir/$*.log"; export DATABASE_URL="$$url"; \
	if { set -f; $(MIG_MAYBE_BACKUP) $(MIG_APPLY) $(MIG_COMMON) --upgrade $${args:-}; } >"$$log" 2>&1; then \
		cur=$$($(call MIG_TOOL,mig-heads) $(MIG_COMMON) --current 2>>"$$log" | awk '{print $$1}' | paste -sd' '); \
		heads=$$($(call MIG_TOOL,mig-heads) $(MIG_COMMON) 2>>"$$log" | awk '{print $$1}' | paste -sd' '); \
		if [ "$$cur" = "$$heads" ]; then echo "$* $$shown: at head $$cur" > "$$dir/$*.status"; \
		else echo "$* $$shown: at $${cur:-base}, not at head ($$heads)" > "$$dir/$*.status"; fi; \
	else echo "$* $$shown: FAILED: $$({ grep -v '^mig-apply: database ' "$$log" | grep -m1 '^mig-[a-z]*: ' || echo 'see above'; } | $(MIG_MASK_URL))" \
		> "$$dir/$*.status"; \
		cat "$$log" >&2; exit 1; fi

.PHONY: db-upgrade-fleet

# --- what this file offers ----------------------------------------------------------

mig-help:
	@echo 'mig targets (mk/mig.mk; MIG_MODELS, MIG_MIGRATIONS, MIG_APP, DATABASE_URL;'
	@echo '  args="..." passes options to the target'"'"'s tool):'
	@echo '  make db-init                 the first migration from the models, then upgrade'
	@echo '  make db-migrate name=NAME    write the next migration for the change to the models'
	@echo '                               (MIG_ONLINE=1: the online plan, safe on live tables)'
	@echo '  make db-migrate-empty name=NAME   write an empty migration to fill in by hand'
	@echo '  make db-merge                join two heads with a merge migration'
	@echo '  make db-rehash               record hand edits of migrations (their effect, their sums)'
	@echo '  make db-upgrade [to=REV]     apply the pending migrations, only up (MIG_BACKUP=1: back up first)'
	@echo '  make db-downgrade [to=REV]   undo the last migration, only down (to=REV, to=base; yes=1)'
	@echo '  make db-update               seeds/000: migration named UPDATE_MESSAGE if needed, then upgrade'
	@echo '  make db-sql [to=REV]         the SQL db-upgrade would run, touching nothing'
	@echo '  make db-history              every migration, with applied time and duration'
	@echo '  make db-heads                the heads of the migration graph'
	@echo '  make db-current              the database'"'"'s current revision'
	@echo '  make db-pending              the migrations not applied yet (fails when any is: a CI gate)'
	@echo '  make db-stamp to=REV         record REV (head, base) without running SQL (rev= is refused)'
	@echo '  make db-seed                 run MIG_SEEDS/*.sql in one transaction, each file once'
	@echo '  make db-backup               back the database up into MIG_BACKUPS'
	@echo '  make db-inspect              print the database as a model'
	@echo '  make db-graph                the revision graph (DOT; SVG and PNG with Graphviz)'
	@echo '  make db-models               check the models and print them as mig reads them'
	@echo '  make db-check-models         fail when the models are ahead of the migrations'
	@echo '  make check-migrations        the CI gate: every problem, one line each'
	@echo '  make db-lint                 the locks and hazards of the migrations (args="--sarif")'
	@echo '  make -j8 db-upgrade-fleet MIG_FLEET=FILE   upgrade every database of FILE'

.PHONY: mig-help
