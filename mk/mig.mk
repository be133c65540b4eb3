# mig targets for a project's Makefile: include this file
# (include path/to/mig/mk/mig.mk) and run `make db-...`.
#
#   MIG_BIN         where the mig tools are (default: bin of this tree when
#                   included from it, else found in PATH)
#   MIG_MODELS      the model files (default: models)
#   MIG_MIGRATIONS  the migrations (default: migrations)
#   MIG_APP         one app of the models (default: all)
#
# This is the first part of the make interface; the db-* targets for
# generating and applying migrations come with those tools.

MIG_MODELS ?= models
MIG_MIGRATIONS ?= migrations
MIG_APP ?=
MIG_BIN ?=
MIG_TOOL = $(if $(MIG_BIN),$(MIG_BIN)/)$(1)
MIG_COMMON = --models '$(MIG_MODELS)' --migrations '$(MIG_MIGRATIONS)' $(if $(MIG_APP),--app '$(MIG_APP)')

# check the models and print them as mig reads them
db-models: $(MIG_TOOL_DEPS)
	$(call MIG_TOOL,mig-gen) $(MIG_COMMON) --print-model

.PHONY: db-models

# The migration name: name=... (or UPDATE_MESSAGE). Recipes read it from the
# shell's environment, never pasted into the recipe, so quotes and $(...) in a
# name stay text. (make itself expands a name=... given on its command line;
# the justfile passes it through the environment, which make leaves alone.)

# write the next migration for the change to the models
db-migrate: $(MIG_TOOL_DEPS)
	@if [ -z "$${name:-}" ] && [ -z "$${UPDATE_MESSAGE:-}" ]; then \
		echo 'usage: make db-migrate name=NAME (or UPDATE_MESSAGE=...)' >&2; exit 2; fi
	$(call MIG_TOOL,mig-gen) $(MIG_COMMON) $${name:+--name "$$name"}

# write an empty migration to fill in by hand
db-migrate-empty: $(MIG_TOOL_DEPS)
	@if [ -z "$${name:-}" ]; then echo 'usage: make db-migrate-empty name=NAME' >&2; exit 2; fi
	$(call MIG_TOOL,mig-gen) $(MIG_COMMON) --empty --name "$$name"

# fail when the models are ahead of the migrations (for CI)
db-check-models: $(MIG_TOOL_DEPS)
	$(call MIG_TOOL,mig-gen) $(MIG_COMMON) --check

# print the live database's schema as a model (DATABASE_URL)
db-inspect: $(MIG_TOOL_DEPS)
	$(call MIG_TOOL,mig-inspect) $(if $(MIG_APP),--app '$(MIG_APP)')

.PHONY: db-migrate db-migrate-empty db-check-models db-inspect
