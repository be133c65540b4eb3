/*
 * libFuzzer target for .env files: any bytes as the .env of a folder. A
 * refusal must name the file and a line; an accepted file's values are
 * read back, and resolving the database from them (config.h: DATABASE_URL,
 * POSTGRES_*) must either work or say why.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "diag.h"
#include "env.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[] = "/tmp/mig-fuzz-dotenv-XXXXXX";
static char path[sizeof(dir) + 8];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const names[] = { "DATABASE_URL", "MIG_ENV", "PYTHON_ENV", "LOG_SECRETS",
					     "POSTGRES_HOST", "POSTGRES_PORT", "POSTGRES_DATABASE",
					     "POSTGRES_USER", "POSTGRES_PASSWORD" };

	(void)argc;
	(void)argv;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		unsetenv(names[i]);
	if (!mkdtemp(dir))
		abort();
	snprintf(path, sizeof(path), "%s/.env", dir);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct env e;
	struct diag d = DIAG_INIT;
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	env_init(&e);
	if (env_load(&e, dir, &d) < 0) {
		if (!d.message || !d.file || d.line < 1)
			abort();
	} else {
		struct db_config cfg;
		for (size_t i = 0; i < e.vars.alloc; i++) {
			const char *key = e.vars.slots[i].key;
			if (key && !env_get(&e, key))
				abort();
		}
		if (config_resolve(&cfg, NULL, &e, &d) < 0 && !d.message)
			abort();
		config_release(&cfg);
	}
	env_release(&e);
	diag_release(&d);
	return 0;
}
