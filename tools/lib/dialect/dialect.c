#include "dialect.h"

#include <string.h>

#include "strbuf.h"
#include "banned.h"

const struct dialect *const dialect_all[] = { &dialect_pg, &dialect_sqlite, NULL };

const struct dialect *dialect_find(const char *name)
{
	for (size_t i = 0; name && dialect_all[i]; i++) {
		if (strcmp(dialect_all[i]->name, name) == 0)
			return dialect_all[i];
	}
	return NULL;
}

void dialect_list_names(struct strbuf *out)
{
	for (size_t i = 0; dialect_all[i]; i++)
		strbuf_addf(out, "%s%s", i == 0 ? "" : dialect_all[i + 1] ? ", " : " or ", dialect_all[i]->name);
}
