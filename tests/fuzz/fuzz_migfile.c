/*
 * libFuzzer target for migration files: any bytes as a migration file.
 * A failure must come with a message and a line; an accepted file, written
 * back by migfile_format(), must read back, and writing it again must give
 * the same bytes (what mig-gen writes, every tool reads). The name helpers
 * (slug, message, revision number) run on the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "migfile.h"
#include "strbuf.h"

#define PATH "migrations/pgsql/0001_20260101000000_a.sql"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct migfile mf, back;
	struct diag d = DIAG_INIT;
	struct strbuf w1 = STRBUF_INIT, w2 = STRBUF_INIT, s = STRBUF_INIT;
	char *text = malloc(size + 1);

	memcpy(text, data, size);
	text[size] = '\0';
	if (migfile_parse(&mf, PATH, text, size, &d) < 0) {
		if (!d.message || !d.file || strcmp(d.file, PATH) != 0)
			abort();
	} else {
		migfile_format(&mf, &w1);
		if (migfile_parse(&back, PATH, w1.buf, w1.len, &d) < 0)
			abort(); /* what mig writes, mig must read */
		migfile_format(&back, &w2);
		if (strcmp(w1.buf, w2.buf) != 0 || strcmp(back.revision, mf.revision) != 0 ||
		    back.parents.nr != mf.parents.nr || back.transaction != mf.transaction ||
		    (mf.down == NULL) != (back.down == NULL))
			abort();
		migfile_release(&back);
	}
	migfile_release(&mf);
	diag_release(&d);
	migfile_slugify(text, &s);
	if (!s.len || s.len > 48)
		abort();
	migfile_clean_message(text, &s);
	(void)migfile_revision_number(text);
	(void)migfile_is_revision(text);
	strbuf_release(&w1);
	strbuf_release(&w2);
	strbuf_release(&s);
	free(text);
	return 0;
}
