# Compiling and linking the tools.
#   V=1         show full commands
#   SANITIZE=1  AddressSanitizer + UndefinedBehaviorSanitizer build
# Objects go to build/ (build/san/ for SANITIZE=1), programs to bin/.

.DELETE_ON_ERROR:
.SUFFIXES:

CC ?= cc
ifeq ($(origin CC),default)
CC := cc
endif
PKG_CONFIG ?= pkg-config
PKGS := libpq libxml-2.0 sqlite3 libcrypto

CFLAGS ?= -O2 -g
WARNINGS := -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes -Wvla \
	-Wwrite-strings
SANITIZE_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# A sanitizer build keeps its objects and programs apart, so that switching
# builds never links one kind of object into the other kind of program.
ifeq ($(SANITIZE),1)
BUILD := build/san
BIN := build/san/bin
SAN := $(SANITIZE_FLAGS)
else
BUILD := build/std
BIN := bin
SAN :=
endif

PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
# What every start loads costs every command (a status runs in a few ms):
# libxml2, which brings ICU and the C++ runtime, is opened when a model is
# first read (tools/lib/model/xmllib.h), by the file name its library has
# here; SQLite and libpg_query are linked in, no library to load at all.
PKG_LIBS := $(shell $(PKG_CONFIG) --libs libpq libcrypto 2>/dev/null)
XMLLIB_SONAME := $(shell objdump -p "$$($(PKG_CONFIG) --variable=libdir libxml-2.0 2>/dev/null)/libxml2.so" \
	2>/dev/null | awk '$$1 == "SONAME" { print $$2 }')

LIB_INCLUDES := $(patsubst %/,-I%,$(LIB_DIRS))
ALL_CFLAGS = -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE $(WARNINGS) $(CFLAGS) $(SAN) \
	$(PKG_CFLAGS) $(LIB_INCLUDES) -MMD -MP
ALL_LDFLAGS = $(LDFLAGS) $(SAN)
LIBS = $(PKG_LIBS) -Wl,-Bstatic -lsqlite3 -lpg_query -Wl,-Bdynamic -lm -pthread -ldl

ifeq ($(V),1)
Q :=
quiet = 
else
Q := @
quiet = @printf '    %-6s %s\n' $(1) $(2);
endif

LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o) $(BUILD)/gen/model_xsd.o
LIBMIG := $(BUILD)/libmig.a
TOOL_BINS := $(TOOLS:%=$(BIN)/%)
COMMON_MAIN_OBJ := $(BUILD)/tools/lib/cli/common_main.o

all: $(TOOL_BINS)

# Rebuild everything when the flags change (a sanitizer build never links
# ordinary objects, and CFLAGS=... takes effect without make clean).
# Fixed here (:=): a target-specific addition (the tests' flags) must not
# reach the stamp when it is built as a prerequisite of a test object.
FLAGS_STAMP := $(BUILD)/.flags
FLAGS_TEXT := $(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS)
$(FLAGS_STAMP): FORCE
	@mkdir -p $(@D)
	@$(PKG_CONFIG) --exists $(PKGS) || { echo "missing libraries: $(PKGS) (see .ci/run for the Debian packages)" >&2; exit 1; }
	@echo '$(FLAGS_TEXT)' | cmp -s - $@ || echo '$(FLAGS_TEXT)' > $@

$(BUILD)/%.o: %.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(call quiet,CC,$@)$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The model schema is compiled into the tools as a byte array.
$(BUILD)/gen/model_xsd.c: models/mig-model.xsd
	@mkdir -p $(@D)
	$(call quiet,GEN,$@){ \
		echo '/* Generated from models/mig-model.xsd by mk/build.mk. */'; \
		echo '#include "model_xsd.h"'; \
		echo 'const unsigned char model_xsd[] = {'; \
		od -An -v -tx1 $< | sed -e 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
		echo '};'; \
		echo "const size_t model_xsd_len = sizeof(model_xsd);"; \
	} > $@

XMLLIB_DEFINE := $(if $(XMLLIB_SONAME),-DXMLLIB_SONAME='"$(XMLLIB_SONAME)"')
$(BUILD)/tools/lib/model/xmllib.o: ALL_CFLAGS += $(XMLLIB_DEFINE)

$(BUILD)/gen/model_xsd.o: $(BUILD)/gen/model_xsd.c $(FLAGS_STAMP)
	$(call quiet,CC,$@)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIBMIG): $(LIB_OBJS)
	$(call quiet,AR,$@)rm -f $@ && ar rcs $@ $^

$(BIN)/%: $(BUILD)/tools/%.o $(COMMON_MAIN_OBJ) $(LIBMIG)
	@mkdir -p $(@D)
	$(call quiet,LINK,$@)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

# Each header compiles on its own.
HEADERS := $(wildcard $(addsuffix *.h,$(LIB_DIRS)))
hdr-check: $(HEADERS:%.h=$(BUILD)/hdr-check/%.o)
$(BUILD)/hdr-check/%.o: %.h $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(call quiet,HDR,$<)$(CC) $(ALL_CFLAGS) -x c -c -o $@ $<

clean:
	rm -rf build bin

.PHONY: all clean hdr-check FORCE
FORCE:

-include $(shell find build -name '*.d' 2>/dev/null)

# Tool objects are intermediate to make's pattern rules; keep them.
.SECONDARY: $(TOOLS:%=$(BUILD)/tools/%.o) $(COMMON_MAIN_OBJ) $(BUILD)/gen/model_xsd.c
