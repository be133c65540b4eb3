# make install [PREFIX=/usr/local] [DESTDIR=]: the tools, their man pages and
# the model schema (for editors and xmllint; the tools have it built in), and
# mk/mig.mk and the justfile for projects to include and copy.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANPREFIX ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/mig
INSTALL ?= install

MAN_PAGES := $(TOOLS:%=man/%.1)

install: $(TOOL_BINS)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(DATADIR)
	$(INSTALL) -m 755 $(TOOL_BINS) $(DESTDIR)$(BINDIR)/
	$(INSTALL) -m 644 $(MAN_PAGES) $(DESTDIR)$(MANPREFIX)/man1/
	$(INSTALL) -m 644 models/mig-model.xsd mk/mig.mk justfile $(DESTDIR)$(DATADIR)/

uninstall:
	rm -f $(TOOLS:%=$(DESTDIR)$(BINDIR)/%) $(TOOLS:%=$(DESTDIR)$(MANPREFIX)/man1/%.1)
	rm -rf $(DESTDIR)$(DATADIR)

# make man: the man pages readable before make install, in a man1/ folder
# that MANPATH can name: MANPATH="$PWD/build/man:" man mig-gen
MAN_BUILD := build/man
man: $(MAN_PAGES:man/%=$(MAN_BUILD)/man1/%)
	@echo 'the man pages are in $(MAN_BUILD)/man1: MANPATH="$(CURDIR)/$(MAN_BUILD):" man mig-gen'

$(MAN_BUILD)/man1/%.1: man/%.1
	@mkdir -p $(@D) && cp $< $@

.PHONY: install uninstall man
