/*
 * libFuzzer target for sum files: any bytes as mig.sum of a folder with two
 * migrations. mig-apply's check (sumfile_verify) and mig-check's list
 * (sumfile_problems) must agree on whether anything is wrong, and every
 * problem must come with a message; sumfile_edited() reads the same file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "strbuf.h"
#include "sumfile.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[] = "/tmp/mig-fuzz-sumfile-XXXXXX";
static char sum_path[sizeof(dir) + 16];

static void put(const char *name, const void *data, size_t len)
{
	char path[sizeof(dir) + 64];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (!mkdtemp(dir))
		abort();
	snprintf(sum_path, sizeof(sum_path), "%s/mig.sum", dir);
	put("0001_20260101000000_a.sql", "-- mig:revision 0001_20260101000000_a\n-- mig:up\nSELECT 1;\n",
	    strlen("-- mig:revision 0001_20260101000000_a\n-- mig:up\nSELECT 1;\n"));
	put("0002_20260101000001_b.sql", "b\n", 2);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d = DIAG_INIT;
	struct strbuf problems = STRBUF_INIT;
	int n, ok;

	put("mig.sum", data, size);
	n = sumfile_problems(dir, &problems, &d);
	diag_release(&d);
	ok = sumfile_verify(dir, &d) == 0;
	if (n < 0 || ok != (n == 0))
		abort();
	if (!ok && (!d.message || !d.file || strcmp(d.file, sum_path) != 0 || !problems.len))
		abort();
	(void)sumfile_edited(dir, "0002_20260101000001_b.sql", "b\n", 2);
	(void)sumfile_edited(dir, "0003_new.sql", "", 0);
	diag_release(&d);
	strbuf_release(&problems);
	return 0;
}
