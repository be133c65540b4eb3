/*
 * libFuzzer target for the model parser: any bytes as a model file. Parses,
 * finishes, and for an accepted model checks the canonical round trip
 * (write, parse, write gives the same bytes). Leaks are caught by
 * LeakSanitizer, which libFuzzer runs after every input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "model.h"
#include "model_xml.h"
#include "strbuf.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct model_xml_reader r;
	struct diag d = DIAG_INIT;

	(void)argc;
	(void)argv;
	/* libxml2 loaded and its global state made before the first input (not counted as its leak) */
	if (model_xml_reader_init(&r, &d) == 0)
		model_xml_reader_release(&r);
	diag_release(&d);
	return 0;
}

static int load(struct model_xml_reader *r, struct model *m, const char *buf, size_t len)
{
	struct diag d = DIAG_INIT;
	int ret = model_xml_parse(r, m, "fuzz.xml", buf, len, &d);

	if (ret == 0)
		ret = model_finish(m, &d);
	/* Every failure must come with a message and a location. */
	if (ret < 0 && (!d.message || !d.file))
		abort();
	diag_release(&d);
	return ret;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct model_xml_reader r;
	struct model m1 = MODEL_INIT, m2 = MODEL_INIT;
	struct strbuf w1 = STRBUF_INIT, w2 = STRBUF_INIT;
	struct diag d = DIAG_INIT;

	if (model_xml_reader_init(&r, &d) < 0)
		abort();
	model_init(&m1);
	model_init(&m2);
	if (load(&r, &m1, (const char *)data, size) == 0) {
		model_xml_write(&m1, NULL, &w1);
		if (load(&r, &m2, w1.buf, w1.len) != 0)
			abort(); /* what mig writes, mig must read */
		model_xml_write(&m2, NULL, &w2);
		if (strcmp(w1.buf, w2.buf) != 0 || !model_equal(&m1, &m2, NULL))
			abort(); /* the round trip is the identity */
	}
	model_release(&m1);
	model_release(&m2);
	strbuf_release(&w1);
	strbuf_release(&w2);
	model_xml_reader_release(&r);
	return 0;
}
