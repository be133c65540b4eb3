/*
 * libFuzzer target for the PostgreSQL DDL reader (ddl_effect.h): any bytes
 * (up to a NUL) as a migration's up section, applied to a parent state with
 * tables, keys and an enum. A refusal must name the file and a line; an
 * accepted script must leave a model mig can write and read back. The
 * model-free listing (ddl_effect_list) runs on the same script.
 */
#include <stdint.h>

#include "ddl_effect.h"
#include "fuzz_ddl_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_load_libxml2();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct model_xml_reader r;
	struct model m = MODEL_INIT;
	struct ddl_effect fx;
	struct diag d = DIAG_INIT;
	char *sql = malloc(size + 1);
	struct ddl_effect_script s = { .file = "m.sql", .first_line = 3, .sql = sql, .app = "fuzz" };

	memcpy(sql, data, size);
	sql[size] = '\0';
	if (!fuzz_utf8((const unsigned char *)sql)) {
		free(sql);
		return 0;
	}
	if (model_xml_reader_init(&r, &d) < 0)
		abort();
	fuzz_base(&r, &m);
	ddl_effect_init(&fx);
	if (ddl_effect_apply(&m, &s, &fx, &d) < 0) {
		if (!d.message)
			abort();
	} else {
		fuzz_check_round_trip(&r, &m);
	}
	diag_release(&d);
	ddl_effect_release(&fx);
	ddl_effect_init(&fx);
	if (ddl_effect_list(&s, &fx, &d) < 0 && !d.message)
		abort();
	diag_release(&d);
	ddl_effect_release(&fx);
	model_release(&m);
	model_xml_reader_release(&r);
	free(sql);
	return 0;
}
