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
