/* A table rebuild's temporary name and steps, as the renderer writes them and the driver recognises them. */
#include "dialect_sqlite_rebuild.h"

#include <string.h>

#include "sqlscan.h"
#include "strbuf.h"
#include "banned.h"

void dialect_sqlite_rebuild_label(int n, struct strbuf *out)
{
	strbuf_setlen(out, 0);
	if (n > 1)
		strbuf_addf(out, "%d_", n);
	strbuf_addstr(out, DIALECT_SQLITE_REBUILD_LABEL);
}

bool dialect_sqlite_rebuild_is_temporary(const char *name)
{
	size_t len = strlen(name), n = strlen(DIALECT_SQLITE_REBUILD_SUFFIX);

	return len >= n && strcmp(name + len - n, DIALECT_SQLITE_REBUILD_SUFFIX) == 0;
}

enum dialect_sqlite_rebuild_step dialect_sqlite_rebuild_step(const char *sql, struct strbuf *schema,
							     struct strbuf *table, struct strbuf *temporary)
{
	struct strbuf s = STRBUF_INIT, from = STRBUF_INIT, to = STRBUF_INIT;
	enum dialect_sqlite_rebuild_step step = DIALECT_SQLITE_REBUILD_NONE;
	const char *q;

	if ((q = sqlscan_keywords(sql, "DROP TABLE")) != NULL) {
		if (sqlscan_keywords(q, "IF EXISTS"))
			q = sqlscan_keywords(q, "IF EXISTS");
		if (sqlscan_qualified_name(q, &s, &to))
			step = DIALECT_SQLITE_REBUILD_DROP;
	} else if ((q = sqlscan_keywords(sql, "ALTER TABLE")) != NULL) {
		if ((q = sqlscan_qualified_name(q, &s, &from)) != NULL && (q = sqlscan_keywords(q, "RENAME TO")) &&
		    sqlscan_name(q, &to) && dialect_sqlite_rebuild_is_temporary(from.buf))
			step = DIALECT_SQLITE_REBUILD_RENAME;
	}
	if (step != DIALECT_SQLITE_REBUILD_NONE) {
		strbuf_add(schema, s.buf, s.len);
		strbuf_add(table, to.buf, to.len);
		if (temporary)
			strbuf_add(temporary, from.buf, from.len);
	}
	strbuf_release(&s);
	strbuf_release(&from);
	strbuf_release(&to);
	return step;
}
