# mig: a make-driven database-migration toolchain.
# One make process over the whole tree (no recursion); recipes live in mk/.
# `make help` lists the targets.

all:

# The library, in folders by layer (docs/architecture.md): every .c in them
# but common_main.c, which each tool links itself.
LIB_DIRS := $(sort $(dir $(wildcard tools/lib/*/*.c tools/lib/*/*/*.c tools/lib/*/*.h tools/lib/*/*/*.h)))
LIB_SRCS := $(sort $(filter-out %/common_main.c,$(wildcard $(addsuffix *.c,$(LIB_DIRS)))))

TOOLS := mig-gen mig-apply mig-heads mig-stamp mig-inspect mig-check mig-backup mig-lint

include mk/build.mk
include mk/tests.mk
include mk/install.mk

# The user-facing db-* targets, run here against the example application with
# the tools of this tree (built first).
MIG_BIN := $(BIN)
MIG_TOOL_DEPS := $(TOOL_BINS)
include mk/mig.mk
include mk/help.mk
