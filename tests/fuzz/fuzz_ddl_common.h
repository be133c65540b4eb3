/*
 * The parent state the DDL readers' fuzz targets start from (an enum, two
 * tables with keys, a foreign key, an index; app "fuzz", as the file name
 * makes it, and the scripts' new objects get), and the check both make of
 * an accepted script: the state after it is a model mig can write and read
 * back unchanged.
 */
#ifndef MIG_FUZZ_DDL_COMMON_H
#define MIG_FUZZ_DDL_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "model.h"
#include "model_xml.h"
#include "strbuf.h"

/* libxml2 loaded and its global state made before the first input (not counted as its leak). */
static void fuzz_load_libxml2(void)
{
	struct model_xml_reader r;
	struct diag d = DIAG_INIT;

	if (model_xml_reader_init(&r, &d) == 0)
		model_xml_reader_release(&r);
	diag_release(&d);
}

static const char fuzz_base_model[] =
	"<models xmlns=\"urn:mig:model:1\">\n"
	"  <enum name=\"mood\"><value>sad</value><value>ok</value></enum>\n"
	"  <table name=\"account\">\n"
	"    <column name=\"id\" type=\"bigint\" identity=\"by-default\"/>\n"
	"    <column name=\"email\" type=\"text\" nullable=\"false\"/>\n"
	"    <column name=\"score\" type=\"integer\" default=\"0\"/>\n"
	"    <primary-key columns=\"id\"/>\n"
	"    <unique columns=\"email\"/>\n"
	"  </table>\n"
	"  <table name=\"note\">\n"
	"    <column name=\"id\" type=\"bigint\"/>\n"
	"    <column name=\"account_id\" type=\"bigint\"/>\n"
	"    <column name=\"body\" type=\"text\"/>\n"
	"    <primary-key columns=\"id\"/>\n"
	"    <foreign-key columns=\"account_id\" references=\"account(id)\" on-delete=\"cascade\"/>\n"
	"    <index columns=\"body\"/>\n"
	"  </table>\n"
	"</models>\n";

/*
 * Is s valid UTF-8? Model files are UTF-8, so a script that names objects
 * in other bytes gives a state that does not read back (known: the DDL
 * readers take such names as they are); the targets skip those scripts.
 */
static int fuzz_utf8(const unsigned char *s)
{
	while (*s) {
		int n = *s < 0x80 ? 0 : (*s & 0xE0) == 0xC0 ? 1 : (*s & 0xF0) == 0xE0 ? 2 : (*s & 0xF8) == 0xF0 ? 3 : -1;
		if (n < 0 || (n == 1 && *s < 0xC2))
			return 0;
		s++;
		for (; n > 0; n--, s++) {
			if ((*s & 0xC0) != 0x80)
				return 0;
		}
	}
	return 1;
}

static int fuzz_load(struct model_xml_reader *r, struct model *m, const char *xml, size_t len)
{
	struct diag d = DIAG_INIT;
	int ret;

	model_init(m);
	ret = model_xml_parse(r, m, "fuzz.xml", xml, len, &d);
	if (ret == 0)
		ret = model_finish(m, &d);
	diag_release(&d);
	return ret;
}

/* The base state, finished; aborts when it does not load (a broken target). */
static void fuzz_base(struct model_xml_reader *r, struct model *m)
{
	if (fuzz_load(r, m, fuzz_base_model, sizeof(fuzz_base_model) - 1) < 0)
		abort();
}

/* m, written, reads back into a model that writes the same bytes. */
static void fuzz_check_round_trip(struct model_xml_reader *r, const struct model *m)
{
	struct model back = MODEL_INIT;
	struct strbuf w1 = STRBUF_INIT, w2 = STRBUF_INIT;

	model_xml_write(m, NULL, &w1);
	if (fuzz_load(r, &back, w1.buf, w1.len) < 0) {
		fprintf(stderr, "the state after the script does not read back:\n%s", w1.buf);
		abort(); /* the state after a script must be a model mig can read */
	}
	model_xml_write(&back, NULL, &w2);
	if (strcmp(w1.buf, w2.buf) != 0) {
		fprintf(stderr, "the state after the script:\n%s\nread back and written again:\n%s", w1.buf, w2.buf);
		abort();
	}
	model_release(&back);
	strbuf_release(&w1);
	strbuf_release(&w2);
}

#endif
