#include "inspect.h"

#include "db.h"
#include "dialect.h"
#include "banned.h"

int inspect_database(struct db *db, const char *const *schemas, size_t nr_schemas,
		     const char *app, struct model *m, struct strbuf *warnings, struct diag *d)
{
	return db->dialect->inspect(db, schemas, nr_schemas, app, m, warnings, d);
}
