/* Statements of a migration outside a transaction, as PostgreSQL's parser and catalog see them. */
#include "resume_pg.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include "db.h"
#include "dialect.h"
#include "diag.h"
#include "sqlsplit.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

typedef PgQuery__Node Node;

/* The parse tree of one statement's text, or NULL when it does not parse (the server will say why). */
static PgQuery__ParseResult *parse(const char *stmt)
{
	PgQueryProtobufParseResult res = pg_query_parse_protobuf(stmt);
	PgQuery__ParseResult *tree = NULL;

	if (!res.error)
		tree = pg_query__parse_result__unpack(NULL, res.parse_tree.len, (const uint8_t *)res.parse_tree.data);
	pg_query_free_protobuf_parse_result(res);
	return tree;
}

static void tree_free(PgQuery__ParseResult *tree)
{
	if (tree)
		pg_query__parse_result__free_unpacked(tree, NULL);
}

/* The one statement of a tree, or NULL. */
static const Node *only_stmt(const PgQuery__ParseResult *tree)
{
	return tree && tree->n_stmts == 1 && tree->stmts[0]->stmt ? tree->stmts[0]->stmt : NULL;
}

/* Does text[0, len) hold word, in any case? Only such statements are worth parsing; the parser decides. */
static bool mentions(const char *text, size_t len, const char *word)
{
	size_t n = strlen(word);

	for (size_t i = 0; i + n <= len; i++) {
		if (strncasecmp(text + i, word, n) == 0)
			return true;
	}
	return false;
}

/* REINDEX's options: (CONCURRENTLY) and the older REINDEX ... CONCURRENTLY are both a DefElem. */
static bool reindex_concurrently(const PgQuery__ReindexStmt *st)
{
	for (size_t i = 0; i < st->n_params; i++) {
		const Node *p = st->params[i];
		if (p->node_case == PG_QUERY__NODE__NODE_DEF_ELEM && p->def_elem->defname &&
		    strcmp(p->def_elem->defname, "concurrently") == 0)
			return true;
	}
	return false;
}

/* The name of a statement that cannot run in a transaction block, or NULL. */
static const char *concurrently(const Node *n)
{
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_INDEX_STMT:
		return n->index_stmt->concurrent ? "CREATE INDEX CONCURRENTLY" : NULL;
	case PG_QUERY__NODE__NODE_DROP_STMT:
		return n->drop_stmt->concurrent ? "DROP INDEX CONCURRENTLY" : NULL;
	case PG_QUERY__NODE__NODE_REINDEX_STMT:
		return reindex_concurrently(n->reindex_stmt) ? "REINDEX CONCURRENTLY" : NULL;
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		for (size_t i = 0; i < n->alter_table_stmt->n_cmds; i++) {
			const Node *c = n->alter_table_stmt->cmds[i];
			if (c->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD ||
			    c->alter_table_cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition)
				continue;
			if (c->alter_table_cmd->def && c->alter_table_cmd->def->node_case ==
			    PG_QUERY__NODE__NODE_PARTITION_CMD && c->alter_table_cmd->def->partition_cmd->concurrent)
				return "DETACH PARTITION CONCURRENTLY";
		}
		return NULL;
	default:
		return NULL;
	}
}

long resume_pg_outside_transaction(const char *text, const struct sql_script *script, const char **what)
{
	struct strbuf stmt = STRBUF_INIT;
	long found = -1;

	*what = NULL;
	for (size_t k = 0; k < script->nr && found < 0; k++) {
		PgQuery__ParseResult *tree;
		const Node *n;

		if (!mentions(text + script->stmts[k].start, script->stmts[k].len, "concurrently"))
			continue;
		strbuf_setlen(&stmt, 0);
		strbuf_add(&stmt, text + script->stmts[k].start, script->stmts[k].len);
		tree = parse(stmt.buf);
		n = only_stmt(tree);
		if (n && (*what = concurrently(n)) != NULL)
			found = (long)k;
		tree_free(tree);
	}
	strbuf_release(&stmt);
	return found;
}

bool resume_pg_session_setting(const char *stmt)
{
	PgQuery__ParseResult *tree = parse(stmt);
	const Node *n = only_stmt(tree);
	bool yes = n && n->node_case == PG_QUERY__NODE__NODE_VARIABLE_SET_STMT && !n->variable_set_stmt->is_local;

	tree_free(tree);
	return yes;
}

/* A relation's name as to_regclass() reads it: quoted, with its schema when given. */
static void regclass_text(struct strbuf *out, const PgQuery__RangeVar *rv)
{
	if (rv->schemaname && rv->schemaname[0]) {
		dialect_pg.append_ident(out, rv->schemaname);
		strbuf_addch(out, '.');
	}
	dialect_pg.append_ident(out, rv->relname);
}

/*
 * The invalid indexes (schema-qualified and quoted, then the bare name) of
 * a failed CREATE INDEX CONCURRENTLY: $1 the index's name, $2 its table.
 */
static const char invalid_index_sql[] =
	"SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), c.relname "
	"FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
	"WHERE NOT i.indisvalid AND c.relname = $1 AND i.indrelid = to_regclass($2)";

/*
 * Those of a failed REINDEX INDEX CONCURRENTLY: $1 the index's bare name,
 * $2 the index; <name>_ccnew[N] and <name>_ccold[N] on its table, in its schema.
 */
static const char reindex_leftover_sql[] =
	"SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), c.relname "
	"FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
	"JOIN pg_index old ON old.indexrelid = to_regclass($2) AND old.indrelid = i.indrelid "
	"JOIN pg_class oc ON oc.oid = old.indexrelid AND oc.relnamespace = c.relnamespace "
	"WHERE NOT i.indisvalid AND left(c.relname, length($1)) = $1 "
	"AND substr(c.relname, length($1) + 1) ~ '^_cc(new|old)[0-9]*$' ORDER BY c.relname";

int resume_pg_leftovers(struct db *db, const char *stmt, struct dialect_leftover **out, size_t *nr, struct diag *d)
{
	PgQuery__ParseResult *tree;
	const Node *n;
	const char *sql = NULL, *why = NULL;
	const char *params[2] = { NULL, NULL };
	struct strbuf rel = STRBUF_INIT;
	struct db_result res;
	int ret = 0;

	if (!mentions(stmt, strlen(stmt), "concurrently"))
		return 0;
	tree = parse(stmt);
	n = only_stmt(tree);
	if (n && n->node_case == PG_QUERY__NODE__NODE_INDEX_STMT && n->index_stmt->concurrent &&
	    n->index_stmt->idxname && n->index_stmt->idxname[0] && n->index_stmt->relation) {
		sql = invalid_index_sql;
		why = "a failed build; building it again";
		params[0] = n->index_stmt->idxname;
		regclass_text(&rel, n->index_stmt->relation);
	} else if (n && n->node_case == PG_QUERY__NODE__NODE_REINDEX_STMT && reindex_concurrently(n->reindex_stmt) &&
		   n->reindex_stmt->kind == PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_INDEX &&
		   n->reindex_stmt->relation) {
		sql = reindex_leftover_sql;
		why = "a failed REINDEX CONCURRENTLY";
		params[0] = n->reindex_stmt->relation->relname;
		regclass_text(&rel, n->reindex_stmt->relation);
	}
	params[1] = rel.buf;
	if (sql && db_query(db, sql, 2, params, &res, d) < 0)
		ret = -1;
	for (int row = 0; sql && ret == 0 && row < res.nrows; row++) {
		struct strbuf drop = STRBUF_INIT, note = STRBUF_INIT;
		*out = xrealloc(*out, (*nr + 1) * sizeof(**out));
		strbuf_addf(&drop, "DROP INDEX CONCURRENTLY %s", db_value(&res, row, 0));
		strbuf_addf(&note, "dropping the invalid index \"%s\" left by %s", db_value(&res, row, 1), why);
		(*out)[*nr].drop = strbuf_detach(&drop, NULL);
		(*out)[*nr].note = strbuf_detach(&note, NULL);
		(*nr)++;
	}
	if (sql && ret == 0)
		db_result_release(&res);
	strbuf_release(&rel);
	tree_free(tree);
	return ret;
}
