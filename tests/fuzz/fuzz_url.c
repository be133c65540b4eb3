/*
 * libFuzzer target for database URLs: any bytes (up to a NUL) as
 * --database-url. A refusal must come with a message; an accepted URL must
 * name a dialect with what it needs (libpq's conninfo, or a SQLite path),
 * and its display must not hold the password it extracted (unless the
 * password is also a plain part of the URL, such as the host).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dialect.h"
#include "config.h"
#include "diag.h"
#include "strbuf.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	unsetenv("LOG_SECRETS");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct db_config cfg;
	struct diag d = DIAG_INIT;
	char *url = malloc(size + 1);

	memcpy(url, data, size);
	url[size] = '\0';
	if (config_resolve(&cfg, url, NULL, &d) < 0) {
		if (!d.message)
			abort();
	} else {
		struct strbuf shown = STRBUF_INIT;
		if (!cfg.display)
			abort();
		if (cfg.dialect == &dialect_pg ? !cfg.conninfo : !cfg.sqlite_path || !*cfg.sqlite_path)
			abort();
		strbuf_addstr(&shown, cfg.display);
		config_mask_secret(&cfg, &shown);
		strbuf_addstr(&shown, url);
		config_mask_secret(&cfg, &shown);
		strbuf_release(&shown);
	}
	config_release(&cfg);
	diag_release(&d);
	free(url);
	return 0;
}
