# mig: a make-driven database-migration toolchain.
# One make process over the whole tree (no recursion); recipes live in mk/.
# `make help` lists the targets.

all:

LIB_SRCS := \
	tools/lib/apply.c \
	tools/lib/backup.c \
	tools/lib/chain.c \
	tools/lib/migcheck.c \
	tools/lib/cli.c \
	tools/lib/config.c \
	tools/lib/db.c \
	tools/lib/db_sqlite.c \
	tools/lib/ddl_effect.c \
	tools/lib/ddl_replay_sqlite.c \
	tools/lib/dialect_pg.c \
	tools/lib/dialect_sqlite.c \
	tools/lib/diag.c \
	tools/lib/diff.c \
	tools/lib/env.c \
	tools/lib/fsutil.c \
	tools/lib/gen.c \
	tools/lib/graph.c \
	tools/lib/history.c \
	tools/lib/json.c \
	tools/lib/inspect.c \
	tools/lib/inspect_sqlite.c \
	tools/lib/merge.c \
	tools/lib/migfile.c \
	tools/lib/model.c \
	tools/lib/model_finish.c \
	tools/lib/model_sqlite.c \
	tools/lib/model_type.c \
	tools/lib/model_xml.c \
	tools/lib/othertools.c \
	tools/lib/runlog.c \
	tools/lib/seed.c \
	tools/lib/sqlnorm.c \
	tools/lib/sqlsplit.c \
	tools/lib/strbuf.c \
	tools/lib/status.c \
	tools/lib/strmap.c \
	tools/lib/sumfile.c \
	tools/lib/xalloc.c

TOOLS := mig-gen mig-apply mig-heads mig-stamp mig-inspect mig-check mig-backup

include mk/build.mk
include mk/tests.mk
include mk/install.mk

# The user-facing db-* targets, run here against the example application with
# the tools of this tree (built first).
MIG_BIN := $(BIN)
MIG_TOOL_DEPS := $(TOOL_BINS)
include mk/mig.mk
include mk/help.mk
