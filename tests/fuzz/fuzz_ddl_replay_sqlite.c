/*
 * libFuzzer target for the SQLite DDL reader (ddl_replay_sqlite.h, which
 * runs the script on an in-memory database and reads the stored CREATE
 * text back with inspect_sqlite.c): any bytes (up to a NUL) as a SQLite
 * migration's up section, on a parent state with tables, keys and an
 * index. A refusal must come with a message; an accepted script must
 * leave a model mig can write and read back.
 *
 * Scripts that would touch files (ATTACH, VACUUM INTO) or grow without
 * bound (queries that multiply rows, big blobs and strings) are skipped:
 * they are SQLite's business, not the reader's.
 */
#include <ctype.h>
#include <stdint.h>

#include "ddl_effect.h"
#include "ddl_replay_sqlite.h"
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

static int skipped(const char *sql)
{
	static const char *const words[] = { "attach", "vacuum", "select", "blob", "printf", "format", "replace",
					     "char(", "||", "concat" };
	char *low = strdup(sql);
	int skip = 0;

	for (char *p = low; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]) && !skip; i++)
		skip = strstr(low, words[i]) != NULL;
	free(low);
	return skip;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct model_xml_reader r;
	struct model m = MODEL_INIT;
	struct ddl_effect fx;
	struct diag d = DIAG_INIT;
	char *sql;
	struct ddl_replay_script s = { .file = "m.sql", .first_line = 3, .app = "fuzz" };

	if (size > 4096)
		return 0;
	sql = malloc(size + 1);
	memcpy(sql, data, size);
	sql[size] = '\0';
	if (skipped(sql) || !fuzz_utf8((const unsigned char *)sql)) {
		free(sql);
		return 0;
	}
	s.sql = sql;
	if (model_xml_reader_init(&r, &d) < 0)
		abort();
	fuzz_base(&r, &m);
	ddl_effect_init(&fx);
	if (ddl_replay_sqlite(&m, &s, &fx, &d) < 0) {
		if (!d.message)
			abort();
	} else {
		fuzz_check_round_trip(&r, &m);
	}
	diag_release(&d);
	ddl_effect_release(&fx);
	model_release(&m);
	model_xml_reader_release(&r);
	free(sql);
	return 0;
}
