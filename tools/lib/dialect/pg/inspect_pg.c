/* PostgreSQL's catalogs -> model. */
#include "inspect_pg.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_pg.h"
#include "diag.h"
#include "model.h"
#include "inspect_pg_objects.h"
#include "inspect_pg_sql.h"
#include "othertools.h"
#include "sqlnorm.h"
#include "strbuf.h"
#include "strmap.h"
#include "xalloc.h"
#include "banned.h"

static const char q_schemas[] =
	/* the owner when it is not the role reading: a database the migrating role owns reads without owners */
	"SELECT n.nspname, ds.description, nullif(pg_get_userbyid(n.nspowner), current_user) "
	"FROM pg_namespace n LEFT JOIN " DESCRIPTION("ds", "n.oid", "pg_namespace")
	"WHERE " USER_SCHEMA("n")
	"AND NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.classid = 'pg_namespace'::regclass "
	"AND dep.objid = n.oid AND dep.deptype = 'e' AND dep.refclassid = 'pg_extension'::regclass) "
	"ORDER BY n.nspname";

static const char q_enums[] =
	"SELECT n.nspname, t.typname, e.enumlabel, ds.description "
	"FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
	"LEFT JOIN " DESCRIPTION("ds", "t.oid", "pg_type")
	"JOIN pg_enum e ON e.enumtypid = t.oid "
	"WHERE t.typtype = 'e' AND " USER_SCHEMA("n")
	"AND NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.classid = 'pg_type'::regclass "
	"AND dep.objid = t.oid AND dep.deptype = 'e' AND dep.refclassid = 'pg_extension'::regclass) "
	"ORDER BY n.nspname, t.typname, e.enumsortorder";

/*
 * What the inspected schemas hold besides the model: other tools' version
 * tables (kind "version"), and every object the model cannot express, one
 * row each, with its kind and its qualified name. Extensions' own objects
 * are the extension's (itself named).
 */

static const char q_left_out[] =
	"WITH ns AS (SELECT n.oid, n.nspname FROM pg_namespace n WHERE " USER_SCHEMA("n") ") "
	"SELECT kind, name FROM ("
	/* other tools' version tables */
	"SELECT 0 AS o, 'version' AS kind, CASE WHEN ns.nspname = 'public' THEN c.relname "
	"ELSE ns.nspname || '.' || c.relname END AS name "
	"FROM pg_class c JOIN ns ON ns.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') "
	"AND c.relname = ANY (" OTHERTOOLS_TABLES_SQL ") "
	/* relations that are neither tables nor objects kept as SQL (inspect_pg_objects.c) */
	"UNION ALL SELECT 1, 'foreign table', "
	QNAME("ns.nspname", "c.relname") " FROM pg_class c JOIN ns ON ns.oid = c.relnamespace "
	"WHERE " NOT_EXTENSION_MEMBER("pg_class", "c.oid") "AND c.relkind = 'f' "
	"UNION ALL SELECT 1, 'comment on column of view', " QNAME("ns.nspname", "c.relname") " || '.' || quote_ident(a.attname) "
	"FROM pg_class c JOIN ns ON ns.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid "
	"WHERE c.relkind IN ('v', 'm') AND a.attnum > 0 AND EXISTS (SELECT 1 FROM pg_description ds "
	"WHERE ds.objoid = c.oid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = a.attnum) "
	"UNION ALL SELECT 1, 'default privileges in schema', quote_ident(ns.nspname) FROM pg_default_acl da "
	"JOIN ns ON ns.oid = da.defaclnamespace "
	/* aggregates and the rest */
	"UNION ALL SELECT 1, 'aggregate', " QNAME("ns.nspname", "p.proname")
	" || '(' || pg_get_function_identity_arguments(p.oid) || ')' FROM pg_proc p "
	"JOIN ns ON ns.oid = p.pronamespace WHERE p.prokind = 'a' AND " NOT_EXTENSION_MEMBER("pg_proc", "p.oid")
	"UNION ALL SELECT 1, 'collation', " QNAME("ns.nspname", "co.collname") " FROM pg_collation co "
	"JOIN ns ON ns.oid = co.collnamespace WHERE " NOT_EXTENSION_MEMBER("pg_collation", "co.oid")
	"UNION ALL SELECT 1, 'statistics object', " QNAME("ns.nspname", "st.stxname") " FROM pg_statistic_ext st "
	"JOIN ns ON ns.oid = st.stxnamespace "
	"UNION ALL SELECT 1, 'operator', " QNAME("ns.nspname", "op.oprname") " FROM pg_operator op "
	"JOIN ns ON ns.oid = op.oprnamespace WHERE " NOT_EXTENSION_MEMBER("pg_operator", "op.oid")
	/* objects of the database rather than of a schema: named when every schema is read */
	"UNION ALL SELECT 1, 'event trigger', quote_ident(evtname) FROM pg_event_trigger WHERE $1::text[] IS NULL "
	"UNION ALL SELECT 1, 'publication', quote_ident(pubname) FROM pg_publication WHERE $1::text[] IS NULL "
	"UNION ALL SELECT 1, 'foreign data wrapper', quote_ident(w.fdwname) FROM pg_foreign_data_wrapper w "
	"WHERE $1::text[] IS NULL AND " NOT_EXTENSION_MEMBER("pg_foreign_data_wrapper", "w.oid")
	"UNION ALL SELECT 1, 'foreign server', quote_ident(srvname) FROM pg_foreign_server WHERE $1::text[] IS NULL "
	"UNION ALL SELECT 1, 'text search configuration', " QNAME("ns.nspname", "cfg.cfgname")
	" FROM pg_ts_config cfg JOIN ns ON ns.oid = cfg.cfgnamespace WHERE " NOT_EXTENSION_MEMBER("pg_ts_config", "cfg.oid")
	") x ORDER BY o, kind, name";

static const char q_tables[] =
	TABLES_CTE
	"SELECT tabs.oid::text, tabs.nspname, tabs.relname, ds.description, "
	"CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END, "
	"pn.nspname, p.relname, pg_get_expr(c.relpartbound, c.oid), "
	"c.relpersistence = 'u', c.relrowsecurity, c.relforcerowsecurity, array_to_string(c.reloptions, E'\\n'), "
	/* INHERITS parents in order, "schema<US>name" each, one a line */
	"(SELECT string_agg(ipn.nspname || E'\\x1f' || ip.relname, E'\\n' ORDER BY ih.inhseqno) FROM pg_inherits ih "
	"JOIN pg_class ip ON ip.oid = ih.inhparent JOIN pg_namespace ipn ON ipn.oid = ip.relnamespace "
	"WHERE ih.inhrelid = c.oid AND NOT c.relispartition), "
	/* the owner when it is not the role reading (as for schemas) */
	"nullif(pg_get_userbyid(c.relowner), current_user), "
	/* how many columns (dropped and inherited ones too) and checks, whether any index: table_row() */
	"c.relnatts, c.relchecks, c.relhasindex "
	"FROM tabs JOIN pg_class c ON c.oid = tabs.oid "
	"LEFT JOIN pg_inherits i ON c.relispartition AND i.inhrelid = c.oid "
	"LEFT JOIN pg_class p ON p.oid = i.inhparent LEFT JOIN pg_namespace pn ON pn.oid = p.relnamespace "
	"LEFT JOIN " DESCRIPTION("ds", "tabs.oid", "pg_class")
	"ORDER BY tabs.nspname, tabs.relname";

/*
 * The columns. Comments and owned sequences come from joins, not from
 * col_description() or subqueries run once per column: a database of
 * 20,000 columns reads in a tenth of the time.
 */
static const char q_columns[] =
	TABS_READ
	/* the sequences columns own: serials' ('a') and identities' ('i'), with every option */
	", owned AS (SELECT dep.refobjid, dep.refobjsubid, "
	"bool_or(dep.deptype = 'a') AS serial, "
	"min('START WITH ' || sq.seqstart || ' INCREMENT BY ' || sq.seqincrement || ' MINVALUE ' || sq.seqmin "
	"|| ' MAXVALUE ' || sq.seqmax || ' CACHE ' || sq.seqcache || CASE WHEN sq.seqcycle THEN ' CYCLE' ELSE '' END) AS options "
	"FROM pg_depend dep JOIN pg_sequence sq ON sq.seqrelid = dep.objid "
	"WHERE dep.classid = 'pg_class'::regclass AND dep.refclassid = 'pg_class'::regclass "
	"AND dep.deptype IN ('a', 'i') GROUP BY dep.refobjid, dep.refobjsubid) "
	"SELECT a.attrelid::text, a.attname, coalesce(et.typname, t.typname), "
	"coalesce(etn.nspname, tn.nspname), coalesce(et.typtype, t.typtype)::text, "
	"et.oid IS NOT NULL, a.attndims, a.atttypmod, a.attnotnull, a.attidentity::text, "
	/* a default has no column in it, a generated column's expression has: only that needs the table */
	"CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, 0) ELSE pg_get_expr(ad.adbin, ad.adrelid) END, "
	"CASE WHEN a.attcollation <> 0 AND a.attcollation <> coalesce(et.typcollation, t.typcollation) "
	"THEN co.collname END, "
	"ds.description, coalesce(o.serial, false), "
	"format_type(a.atttypid, a.atttypmod), a.attgenerated::text, o.options, a.atttypid::text "
	"FROM tabs JOIN pg_attribute a ON a.attrelid = tabs.oid "
	"JOIN pg_type t ON t.oid = a.atttypid JOIN pg_namespace tn ON tn.oid = t.typnamespace "
	"LEFT JOIN pg_type et ON t.typelem <> 0 AND t.typlen = -1 AND et.oid = t.typelem "
	"LEFT JOIN pg_namespace etn ON etn.oid = et.typnamespace "
	"LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum "
	"LEFT JOIN pg_collation co ON co.oid = a.attcollation "
	"LEFT JOIN pg_description ds ON ds.objoid = a.attrelid AND ds.classoid = 'pg_class'::regclass "
	"AND ds.objsubid = a.attnum "
	"LEFT JOIN owned o ON o.refobjid = a.attrelid AND o.refobjsubid = a.attnum "
	/* a partition's columns are its parent's, and so are a child's inherited ones */
	"WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attislocal AND NOT tabs.relispartition "
	"ORDER BY a.attrelid, a.attnum";

/* %s: the NULLS NOT DISTINCT column (PostgreSQL 15) or false */
static const char q_constraints[] =
	TABS_READ
	"SELECT con.conrelid::text, con.conname, con.contype::text, con.condeferrable, "
	"con.condeferred, con.confupdtype::text, con.confdeltype::text, rn.nspname, rc.relname, "
	"CASE WHEN con.contype = 'c' THEN pg_get_constraintdef(con.oid, true) END, "
	"%s, con.oid::text, ds.description, "
	"con.confmatchtype = 'f', con.connoinherit "
	"FROM tabs JOIN pg_constraint con ON con.conrelid = tabs.oid "
	"LEFT JOIN pg_class rc ON rc.oid = con.confrelid "
	"LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace "
	"LEFT JOIN pg_index i ON i.indexrelid = con.conindid AND con.contype IN ('p', 'u') "
	"LEFT JOIN " DESCRIPTION("ds", "con.oid", "pg_constraint")
	"WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') "
	/* not a partition's copies of its parent's, nor a child's inherited checks */
	"AND con.conparentid = 0 AND con.conislocal "
	"ORDER BY con.conrelid, con.conname";

static const char q_constraint_columns[] =
	TABS_READ
	"SELECT con.oid::text, a.attname, fa.attname "
	"FROM tabs JOIN pg_constraint con ON con.conrelid = tabs.oid "
	"CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, fattnum, ord) "
	"JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum "
	"LEFT JOIN pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = k.fattnum "
	"WHERE con.contype IN ('p', 'u', 'f') "
	"ORDER BY con.oid, k.ord";

#define NOT_CONSTRAINT_INDEX                                                              \
	"NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid "        \
	"AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x')) "

static const char q_indexes[] =
	TABS_READ
	"SELECT i.indrelid::text, ic.relname, i.indisunique, am.amname, "
	"pg_get_expr(i.indpred, i.indrelid, true), %s, "
	"ds.description, i.indexrelid::text, "
	"array_to_string(ic.reloptions, ', ') "
	"FROM tabs JOIN pg_index i ON i.indrelid = tabs.oid "
	"JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam "
	"LEFT JOIN " DESCRIPTION("ds", "i.indexrelid", "pg_class")
	"WHERE " NOT_CONSTRAINT_INDEX
	/* not a partition's index made for its parent's */
	"AND NOT EXISTS (SELECT 1 FROM pg_inherits ih WHERE ih.inhrelid = i.indexrelid) "
	"ORDER BY i.indrelid, ic.relname";

static const char q_index_keys[] =
	TABS_READ
	"SELECT i.indexrelid::text, a.attname, "
	/* deparsing is dear (each call reads the index and its table): only expressions need it */
	"CASE WHEN a.attname IS NULL THEN pg_get_indexdef(i.indexrelid, k.pos + 1, true) END, "
	"i.indoption[k.pos]::int, "
	/* an expression's collation is its own unless the definition says COLLATE */
	"CASE WHEN i.indcollation[k.pos] <> 0 "
	"AND i.indcollation[k.pos] <> coalesce(a.attcollation, 100) "
	"AND (a.attname IS NOT NULL OR pg_get_indexdef(i.indexrelid, 0, true) LIKE '% COLLATE %') "
	"THEN co.collname END, "
	"CASE WHEN NOT opc.opcdefault THEN opc.opcname END, k.pos < i.indnkeyatts "
	"FROM tabs JOIN pg_index i ON i.indrelid = tabs.oid "
	"CROSS JOIN LATERAL generate_series(0, i.indnatts - 1) AS k(pos) "
	"LEFT JOIN pg_attribute a ON i.indkey[k.pos] <> 0 AND a.attrelid = i.indrelid "
	"AND a.attnum = i.indkey[k.pos] "
	"LEFT JOIN pg_collation co ON co.oid = i.indcollation[k.pos] "
	"LEFT JOIN pg_opclass opc ON opc.oid = i.indclass[k.pos] "
	"WHERE " NOT_CONSTRAINT_INDEX
	"ORDER BY i.indexrelid, k.pos";

struct inspector {
	struct db *db;
	struct model *m;
	const char *app;
	struct strbuf *warnings;
	struct diag *d;
	const char *params[1];
	struct strmap tables; /* oid -> table */
	struct strbuf oids;   /* the tables' oids, an oid[] literal for the queries after the tables' (TABS_READ) */
};

static char *schema_of(const char *nspname)
{
	return xstrdup(strcmp(nspname, "public") == 0 ? "" : nspname);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static int run(struct inspector *in, const char *sql, struct db_result *res)
{
	return db_query(in->db, sql, 1, in->params, res, in->d);
}

/* A text[] literal for $1. */
static void array_literal(const char *const *items, size_t nr, struct strbuf *out)
{
	strbuf_addch(out, '{');
	for (size_t i = 0; i < nr; i++) {
		if (i)
			strbuf_addch(out, ',');
		strbuf_addch(out, '"');
		for (const char *p = items[i]; *p; p++) {
			if (*p == '"' || *p == '\\')
				strbuf_addch(out, '\\');
			strbuf_addch(out, *p);
		}
		strbuf_addch(out, '"');
	}
	strbuf_addch(out, '}');
}

static void warn(struct inspector *in, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(struct inspector *in, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(in->warnings, fmt, ap);
	va_end(ap);
	strbuf_addch(in->warnings, '\n');
}

static int read_schemas(struct inspector *in)
{
	struct db_result r;

	if (run(in, q_schemas, &r) < 0)
		return -1;
	for (int i = 0; i < r.nrows; i++) {
		struct model_schema *s;
		if (strcmp(db_value(&r, i, 0), "public") == 0)
			continue;
		s = model_add_schema(in->m);
		s->name = xstrdup(db_value(&r, i, 0));
		s->comment = dup_or_null(db_value(&r, i, 1));
		s->owner = dup_or_null(db_value(&r, i, 2));
		s->app = xstrdup(in->app);
	}
	db_result_release(&r);
	return 0;
}

static int read_enums(struct inspector *in)
{
	struct db_result r;
	struct model_enum *e = NULL;

	if (run(in, q_enums, &r) < 0)
		return -1;
	for (int i = 0; i < r.nrows; i++) {
		const char *nsp = db_value(&r, i, 0), *name = db_value(&r, i, 1);
		char *schema = schema_of(nsp);
		if (!e || strcmp(e->schema, schema) != 0 || strcmp(e->name, name) != 0) {
			e = model_add_enum(in->m);
			e->schema = schema;
			e->name = xstrdup(name);
			e->comment = dup_or_null(db_value(&r, i, 3));
			e->app = xstrdup(in->app);
		} else {
			free(schema);
		}
		model_names_add(&e->values, db_value(&r, i, 2));
	}
	db_result_release(&r);
	return 0;
}

/*
 * Names what the model leaves out: other tools' version tables as notes
 * ("note: left out table ..."), everything else as a warning line.
 */
static int left_out_row(void *ctx, const struct db_result *r)
{
	struct inspector *in = ctx;
	const char *kind = db_value(r, 0, 0), *name = db_value(r, 0, 1);

	if (strcmp(kind, "version") == 0) {
		const char *bare = strrchr(name, '.') ? strrchr(name, '.') + 1 : name;
		warn(in, "note: left out table \"%s\" (%s)", name, othertools_version_table(bare));
	} else {
		warn(in, "left out %s %s: not part of the model", kind, name);
	}
	return 0;
}

static int table_row(void *ctx, const struct db_result *r)
{
	struct inspector *in = ctx;
	struct model_table *t = model_add_table(in->m);

	/*
	 * The arrays at their size (most tables have a unique constraint, a
	 * foreign key and an index, or none): grown from nothing, they would
	 * hold 8 of each and 32 for 20 columns, a third of the model's memory.
	 */
	model_table_reserve(t, db_value(r, 0, 6) ? 0 : (size_t)strtol(db_value(r, 0, 14), NULL, 10), 1, 1,
			    (size_t)strtol(db_value(r, 0, 15), NULL, 10), db_bool(r, 0, 16) ? 1 : 0);
	if (in->oids.len > 1)
		strbuf_addch(&in->oids, ',');
	strbuf_addstr(&in->oids, db_value(r, 0, 0));
	t->schema = schema_of(db_value(r, 0, 1));
	t->name = xstrdup(db_value(r, 0, 2));
	t->comment = dup_or_null(db_value(r, 0, 3));
	t->app = xstrdup(in->app);
	t->partition_by = dup_or_null(db_value(r, 0, 4));
	if (db_value(r, 0, 6)) {
		t->partition_of.schema = schema_of(db_value(r, 0, 5));
		t->partition_of.name = xstrdup(db_value(r, 0, 6));
		t->partition_bound = dup_or_null(db_value(r, 0, 7));
	}
	t->unlogged = db_bool(r, 0, 8);
	t->row_security = db_bool(r, 0, 9);
	t->force_row_security = db_bool(r, 0, 10);
	for (const char *p = db_value(r, 0, 11); p && *p;) {
		const char *nl = strchr(p, '\n');
		char *item = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
		struct strbuf opt = STRBUF_INIT;
		if (model_storage_option(item, &opt))
			model_names_add(&t->storage, opt.buf);
		strbuf_release(&opt);
		free(item);
		p = nl ? nl + 1 : p + strlen(p);
	}
	for (const char *p = db_value(r, 0, 12); p && *p;) {
		const char *nl = strchr(p, '\n'), *end = nl ? nl : p + strlen(p);
		const char *us = memchr(p, '\x1f', (size_t)(end - p));
		if (us) {
			char *nsp = xstrndup(p, (size_t)(us - p)), *name = xstrndup(us + 1, (size_t)(end - us - 1));
			char *schema = schema_of(nsp);
			model_table_add_inherits(t, schema, name);
			free(schema);
			free(nsp);
			free(name);
		}
		p = nl ? nl + 1 : end;
	}
	t->owner = dup_or_null(db_value(r, 0, 13));
	strmap_put(&in->tables, db_value(r, 0, 0), t);
	return 0;
}

static int read_tables(struct inspector *in)
{
	strbuf_addch(&in->oids, '{');
	/* a row at a time, as every large result (read_rest()) */
	if (db_pg_query_rows(in->db, q_tables, 1, in->params, table_row, in, in->d) < 0)
		return -1;
	strbuf_addch(&in->oids, '}');
	return 0;
}

/* Maps a catalog type to a portable type, or to text with a raw pg-type. */
static void map_type(struct model_column *c, const char *typname, const char *typnsp,
		     const char *typtype, bool is_array, int ndims, int typmod, const char *formatted)
{
	static const struct {
		const char *name;
		enum model_type_kind kind;
	} builtin[] = {
		{ "int2", TYPE_SMALLINT }, { "int4", TYPE_INTEGER }, { "int8", TYPE_BIGINT },
		{ "bool", TYPE_BOOLEAN }, { "text", TYPE_TEXT }, { "varchar", TYPE_VARCHAR },
		{ "bpchar", TYPE_CHAR }, { "numeric", TYPE_NUMERIC }, { "float4", TYPE_REAL },
		{ "float8", TYPE_DOUBLE }, { "date", TYPE_DATE }, { "time", TYPE_TIME },
		{ "timetz", TYPE_TIMETZ }, { "timestamp", TYPE_TIMESTAMP },
		{ "timestamptz", TYPE_TIMESTAMPTZ }, { "interval", TYPE_INTERVAL }, { "uuid", TYPE_UUID },
		{ "json", TYPE_JSON }, { "jsonb", TYPE_JSONB }, { "bytea", TYPE_BYTES },
	};
	struct model_type *t = &c->type;
	bool raw = true;

	t->length = t->precision = t->scale = -1;
	if (typtype[0] == 'e') {
		t->kind = TYPE_ENUM;
		t->enum_schema = schema_of(typnsp);
		t->enum_name = xstrdup(typname);
		raw = false;
	} else if (strcmp(typnsp, "pg_catalog") == 0) {
		for (size_t i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++) {
			if (strcmp(builtin[i].name, typname) == 0) {
				t->kind = builtin[i].kind;
				raw = false;
				break;
			}
		}
	}
	if (is_array && ndims > MODEL_MAX_ARRAY_DIMS)
		raw = true; /* declared with more [] than a model type holds: its text */
	if (!raw) {
		switch (t->kind) {
		case TYPE_VARCHAR:
		case TYPE_CHAR:
			if (typmod >= 4)
				t->length = typmod - 4;
			else if (t->kind == TYPE_CHAR)
				raw = true; /* "bpchar": no length at all */
			break;
		case TYPE_NUMERIC:
			if (typmod >= 4) {
				t->precision = ((typmod - 4) >> 16) & 0xffff;
				t->scale = (typmod - 4) & 0xffff;
				if (t->scale > t->precision)
					raw = true; /* negative scale (PostgreSQL 15) */
			}
			break;
		case TYPE_TIME:
		case TYPE_TIMETZ:
		case TYPE_TIMESTAMP:
		case TYPE_TIMESTAMPTZ:
			if (typmod >= 0)
				t->precision = typmod;
			break;
		case TYPE_INTERVAL:
			if (typmod >= 0) {
				int fields = (typmod >> 16) & 0x7fff, prec = typmod & 0xffff;
				if (fields != 0x7fff)
					raw = true; /* interval YEAR TO MONTH, ... */
				else if (prec != 0xffff)
					t->precision = prec;
			}
			break;
		default:
			break;
		}
	}
	if (raw) {
		model_type_release(t);
		memset(t, 0, sizeof(*t));
		t->kind = TYPE_TEXT;
		t->length = t->precision = t->scale = -1;
		model_column_extra(c)->pg_type = xstrdup(formatted);
		return;
	}
	if (is_array)
		t->array_dims = ndims > 0 ? ndims : 1;
}

/*
 * What parsing found for one text (a default, sequence options) in the
 * context of a column type: columns repeat the same few defaults
 * ('new'::status, now(), identities' options), and each parse by
 * libpg_query costs more than reading the column. Keyed by type, typmod,
 * dimensions and the text; owned by the inspector.
 */
struct parsed {
	bool literal; /* a default: kept as a literal (value), else as an expression */
	char *value;  /* the literal's value, or the sequence's options not default (NULL: none) */
};

static struct parsed *memo_get(struct strmap *memo, const char *kind, const char *typid, const char *typmod,
			       const char *ndims, const char *text, struct strbuf *key)
{
	strbuf_reset(key);
	strbuf_addf(key, "%s\x1f%s\x1f%s\x1f%s\x1f%s", kind, typid, typmod, ndims, text);
	return strmap_get(memo, key->buf);
}

static struct parsed *memo_put(struct strmap *memo, const struct strbuf *key, bool literal, char *value)
{
	struct parsed *p = xcalloc(1, sizeof(*p));

	p->literal = literal;
	p->value = value;
	strmap_put(memo, key->buf, p);
	return p;
}

static void memo_release(struct strmap *memo)
{
	for (size_t i = 0; i < memo->alloc; i++) {
		struct parsed *p = memo->slots[i].key ? memo->slots[i].value : NULL;
		if (p) {
			free(p->value);
			free(p);
		}
	}
	strmap_release(memo);
}

/* The sequence options pg_sequence holds, as the model keeps them: those not default, in one order (owned; NULL: none). */
static char *sequence_options(const struct model_column *c, const char *all)
{
	struct sqlnorm_sequence seq;
	struct strbuf canon = STRBUF_INIT;
	int bytes = model_type_sequence_bytes(&c->type);
	struct diag sd = DIAG_INIT;

	if (sqlnorm_sequence_parse(all, bytes, &seq, &sd) < 0) {
		/* a sequence wider than its column (made by hand): the model cannot say it, keep the defaults */
		diag_release(&sd);
		return NULL;
	}
	sqlnorm_sequence_format(&seq, bytes, &canon);
	if (!canon.len) {
		strbuf_release(&canon);
		return NULL;
	}
	return strbuf_detach(&canon, NULL);
}

struct column_reader {
	struct inspector *in;
	struct strmap memo; /* struct parsed, by memo_get()'s key */
	struct strbuf key;
};

static int column_row(void *ctx, const struct db_result *r)
{
	struct column_reader *cr = ctx;
	struct inspector *in = cr->in;
	struct model_table *t = strmap_get(&in->tables, db_value(r, 0, 0));
	struct model_column *c;
	const char *identity = db_value(r, 0, 9), *dflt = db_value(r, 0, 10);
	const char *generated = db_value(r, 0, 15), *options = db_value(r, 0, 16);
	const char *typid = db_value(r, 0, 17), *ndims = db_value(r, 0, 6), *typmod = db_value(r, 0, 7);
	struct parsed *p;

	if (!t)
		return 0;
	c = model_table_add_column(in->m, t, db_value(r, 0, 1));
	map_type(c, db_value(r, 0, 2), db_value(r, 0, 3), db_value(r, 0, 4), db_bool(r, 0, 5),
		 (int)strtol(db_value(r, 0, 6), NULL, 10), (int)strtol(db_value(r, 0, 7), NULL, 10),
		 db_value(r, 0, 14));
	c->not_null = db_bool(r, 0, 8);
	if (db_value(r, 0, 11))
		model_column_extra(c)->collation = xstrdup(db_value(r, 0, 11));
	if (db_value(r, 0, 12))
		model_column_extra(c)->comment = xstrdup(db_value(r, 0, 12));
	if (generated && generated[0]) {
		/* pg_attrdef holds the expression of a generated column */
		model_column_extra(c)->generated = dup_or_null(dflt);
		model_column_extra_done(c);
	} else if (identity && identity[0] == 'a') {
		c->identity = IDENTITY_ALWAYS;
	} else if (identity && identity[0] == 'd') {
		c->identity = IDENTITY_BY_DEFAULT;
	} else if (db_bool(r, 0, 13) && dflt && strncmp(dflt, "nextval(", 8) == 0) {
		c->identity = IDENTITY_SERIAL;
	} else if (dflt) {
		p = memo_get(&cr->memo, "default", typid, typmod, ndims, dflt, &cr->key);
		if (!p) {
			struct strbuf value = STRBUF_INIT;
			bool literal = model_default_is_literal(c, dflt) && sqlnorm_expr_constant(dflt, &value);
			p = memo_put(&cr->memo, &cr->key, literal, literal ? strbuf_detach(&value, NULL) : NULL);
			strbuf_release(&value);
		}
		model_column_set_default(in->m, c, p->literal ? DEFAULT_LITERAL : DEFAULT_EXPR, p->literal ? p->value : dflt);
	}
	if (c->identity != IDENTITY_NONE && options) {
		p = memo_get(&cr->memo, "sequence", typid, typmod, ndims, options, &cr->key);
		if (!p)
			p = memo_put(&cr->memo, &cr->key, false, sequence_options(c, options));
		model_column_extra(c)->sequence = dup_or_null(p->value);
		model_column_extra_done(c);
	}
	return 0;
}


static enum model_fk_action fk_action(const char *code)
{
	switch (code ? code[0] : 'a') {
	case 'r': return FK_RESTRICT;
	case 'c': return FK_CASCADE;
	case 'n': return FK_SET_NULL;
	case 'd': return FK_SET_DEFAULT;
	default: return FK_NO_ACTION;
	}
}

/* "CHECK (expr)" [NOT VALID] [NO INHERIT] -> expr */
static char *check_expression(const char *def)
{
	const char *start = def, *end;

	if (strncmp(start, "CHECK ", 6) == 0)
		start += 6;
	end = start + strlen(start);
	/* the closing parenthesis of CHECK ( ... ), then any trailing words */
	while (end > start && end[-1] != ')')
		end--;
	if (*start == '(' && end > start + 1) {
		start++;
		end--;
	}
	return xstrndup(start, (size_t)(end - start));
}

/*
 * Where a constraint's key columns go: its table, its kind and its place
 * in the table's array (addresses in those arrays move while they grow).
 */
struct key_target {
	struct model_table *t;
	char type; /* 'p', 'u' or 'f' */
	size_t idx;
};

/* What the constraint and index readers keep between their two queries. */
struct key_reader {
	struct inspector *in;
	struct strmap targets; /* struct key_target (owned), by the constraint's or the index's oid */
};

static void key_targets_release(struct strmap *targets)
{
	for (size_t i = 0; i < targets->alloc; i++) {
		if (targets->slots[i].key)
			free(targets->slots[i].value);
	}
	strmap_release(targets);
}

static void add_target(struct key_reader *kr, const char *oid, struct model_table *t, char type, size_t idx)
{
	struct key_target *kt = xcalloc(1, sizeof(*kt));

	kt->t = t;
	kt->type = type;
	kt->idx = idx;
	free(strmap_put(&kr->targets, oid, kt));
}

static int constraint_row(void *ctx, const struct db_result *r)
{
	struct key_reader *kr = ctx;
	struct model_table *t = strmap_get(&kr->in->tables, db_value(r, 0, 0));
	const char *name = db_value(r, 0, 1), *type = db_value(r, 0, 2), *oid = db_value(r, 0, 11);

	if (!t)
		return 0;
	switch (type[0]) {
	case 'p':
		t->pk.name = xstrdup(name);
		t->pk.comment = dup_or_null(db_value(r, 0, 12));
		add_target(kr, oid, t, 'p', 0);
		break;
	case 'u': {
		struct model_unique *u = model_table_add_unique(t);
		u->name = xstrdup(name);
		u->deferrable = db_bool(r, 0, 3);
		u->initially_deferred = db_bool(r, 0, 4);
		u->nulls_not_distinct = db_bool(r, 0, 10);
		u->comment = dup_or_null(db_value(r, 0, 12));
		add_target(kr, oid, t, 'u', t->nr_uniques - 1);
		break;
	}
	case 'f': {
		struct model_foreign_key *fk = model_table_add_fk(t);
		fk->name = xstrdup(name);
		fk->deferrable = db_bool(r, 0, 3);
		fk->initially_deferred = db_bool(r, 0, 4);
		fk->on_update = fk_action(db_value(r, 0, 5));
		fk->on_delete = fk_action(db_value(r, 0, 6));
		fk->ref_schema = schema_of(db_value(r, 0, 7));
		fk->ref_table = xstrdup(db_value(r, 0, 8));
		fk->comment = dup_or_null(db_value(r, 0, 12));
		fk->match_full = db_bool(r, 0, 13);
		add_target(kr, oid, t, 'f', t->nr_fks - 1);
		break;
	}
	case 'c': {
		struct model_check *ck = model_table_add_check(t);
		ck->name = xstrdup(name);
		ck->expr = check_expression(db_value(r, 0, 9));
		ck->comment = dup_or_null(db_value(r, 0, 12));
		ck->no_inherit = db_bool(r, 0, 14);
		break;
	}
	default:
		/* exclusion constraints: objects kept as SQL (inspect_pg_objects.c) */
		break;
	}
	return 0;
}

static int constraint_column_row(void *ctx, const struct db_result *r)
{
	struct key_reader *kr = ctx;
	struct key_target *kt = strmap_get(&kr->targets, db_value(r, 0, 0));
	struct model_names *cols, *ref_cols = NULL;

	if (!kt)
		return 0;
	if (kt->type == 'p') {
		cols = &kt->t->pk.columns;
	} else if (kt->type == 'u') {
		cols = &kt->t->uniques[kt->idx].columns;
	} else {
		cols = &kt->t->fks[kt->idx].columns;
		ref_cols = &kt->t->fks[kt->idx].ref_columns;
	}
	model_names_add(cols, db_value(r, 0, 1));
	if (ref_cols && db_value(r, 0, 2))
		model_names_add(ref_cols, db_value(r, 0, 2));
	return 0;
}


/* pg_get_indexdef() of an expression key: "(id + 1)" or "lower(x)": without the outer parentheses. */
static char *key_expression(const char *def)
{
	size_t len = strlen(def);

	if (len >= 2 && def[0] == '(' && def[len - 1] == ')') {
		int depth = 0;
		bool outer = true;
		for (size_t i = 0; i < len - 1; i++) {
			if (def[i] == '(')
				depth++;
			else if (def[i] == ')')
				depth--;
			if (depth == 0) {
				outer = false;
				break;
			}
		}
		if (outer)
			return xstrndup(def + 1, len - 2);
	}
	return xstrdup(def);
}

static int index_row(void *ctx, const struct db_result *r)
{
	struct key_reader *kr = ctx;
	struct model_table *t = strmap_get(&kr->in->tables, db_value(r, 0, 0));
	struct model_index *ix;
	const char *method = db_value(r, 0, 3);

	if (!t)
		return 0;
	ix = model_table_add_index(t);
	ix->name = xstrdup(db_value(r, 0, 1));
	ix->unique = db_bool(r, 0, 2);
	ix->method = strcmp(method, "btree") == 0 ? NULL : xstrdup(method);
	ix->where = dup_or_null(db_value(r, 0, 4));
	ix->nulls_not_distinct = db_bool(r, 0, 5);
	ix->comment = dup_or_null(db_value(r, 0, 6));
	ix->with = dup_or_null(db_value(r, 0, 8));
	add_target(kr, db_value(r, 0, 7), t, 'i', t->nr_indexes - 1);
	return 0;
}

static int index_key_row(void *ctx, const struct db_result *r)
{
	struct key_reader *kr = ctx;
	struct key_target *kt = strmap_get(&kr->targets, db_value(r, 0, 0));
	const char *col = db_value(r, 0, 1);
	struct model_index *ix;
	struct model_index_key *key;
	int option;

	if (!kt)
		return 0;
	ix = &kt->t->indexes[kt->idx];
	if (!db_bool(r, 0, 6)) { /* an INCLUDE column */
		model_names_add(&ix->include, col ? col : db_value(r, 0, 2));
		return 0;
	}
	key = model_index_add_key(ix);
	if (col)
		key->column = xstrdup(col);
	else
		key->expr = key_expression(db_value(r, 0, 2));
	option = (int)strtol(db_value(r, 0, 3), NULL, 10);
	/* indoption: 1 DESC, 2 NULLS FIRST; the defaults are NULLS LAST for ASC, FIRST for DESC */
	if (option & 1) {
		key->sort = SORT_DESC;
		key->nulls = option & 2 ? NULLS_DEFAULT : NULLS_LAST;
	} else {
		key->nulls = option & 2 ? NULLS_FIRST : NULLS_DEFAULT;
	}
	key->collation = dup_or_null(db_value(r, 0, 4));
	key->opclass = dup_or_null(db_value(r, 0, 5));
	return 0;
}

/*
 * The queries after the tables': the columns, what the model leaves out,
 * the objects kept as SQL and what they need; the constraints, then their
 * key columns (each constraint is in its table by then); the indexes, then
 * their keys. With a second connection (twin, may be NULL) in the same
 * snapshot, the first four and the last four run at once on two backends,
 * about the same work each: the columns are the largest query, and
 * pg_get_constraintdef() builds the server's cache of every table with a
 * check. Each part's rows come in their own order, into what the other
 * part does not touch (a table's columns; its keys and indexes; the
 * warnings; the objects), so the model is the same either way.
 */
static int read_rest(struct inspector *in, struct db *twin)
{
	struct column_reader cr = { in, STRMAP_INIT, STRBUF_INIT };
	struct key_reader constraints = { in, STRMAP_INIT }, indexes = { in, STRMAP_INIT };
	struct inspect_pg_objects objects;
	struct strbuf constraints_sql = STRBUF_INIT, indexes_sql = STRBUF_INIT;
	const char *params[1] = { in->oids.buf };
	struct db_pg_rows_query queries[8];
	struct db_pg_stream streams[2] = { { in->db, queries, twin ? 4 : 8, 0, false },
					   { twin, queries + 4, 4, 0, false } };
	int ret;

	strbuf_addf(&constraints_sql, q_constraints,
		    in->db->server_version >= 150000 ? "coalesce(i.indnullsnotdistinct, false)" : "false");
	strbuf_addf(&indexes_sql, q_indexes, in->db->server_version >= 150000 ? "i.indnullsnotdistinct" : "false");
	queries[0] = (struct db_pg_rows_query){ q_columns, 1, params, column_row, &cr };
	queries[1] = (struct db_pg_rows_query){ q_left_out, 1, in->params, left_out_row, in };
	inspect_pg_objects_init(&objects, in->m, in->app, in->params, queries + 2);
	queries[4] = (struct db_pg_rows_query){ constraints_sql.buf, 1, params, constraint_row, &constraints };
	queries[5] = (struct db_pg_rows_query){ q_constraint_columns, 1, params, constraint_column_row, &constraints };
	queries[6] = (struct db_pg_rows_query){ indexes_sql.buf, 1, params, index_row, &indexes };
	queries[7] = (struct db_pg_rows_query){ q_index_keys, 1, params, index_key_row, &indexes };
	ret = db_pg_query_rows_streams(streams, twin ? 2 : 1, in->d);
	inspect_pg_objects_release(&objects);
	memo_release(&cr.memo);
	strbuf_release(&cr.key);
	key_targets_release(&constraints.targets);
	key_targets_release(&indexes.targets);
	strbuf_release(&constraints_sql);
	strbuf_release(&indexes_sql);
	return ret;
}

/*
 * Both connections' settings. No JIT: compiling a catalog query costs more
 * than running it (35 ms for the index keys of 1,000 tables). The columns
 * are sorted in memory (with the default 4 MB, 20,000 of them spill to
 * disk).
 */
#define SETTINGS "SET LOCAL jit = off; SET LOCAL work_mem = '64MB'"
#define BEGIN "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; " SETTINGS

/*
 * The second connection (read_rest()), opened by a thread of its own while
 * the first one reads the schemas, enums and tables: connecting costs a
 * new backend (15 ms).
 */
struct twin {
	const struct db_config *cfg;
	struct strbuf snapshot, app; /* the first connection's */
	struct db db;
	pthread_t thread;
	bool started, joined;
	int ret;
};

static void *twin_open(void *arg)
{
	struct twin *tw = arg;
	struct diag scratch = DIAG_INIT;

	tw->ret = db_pg_open_twin(&tw->db, tw->cfg, tw->app.buf, tw->snapshot.buf, SETTINGS, &scratch);
	diag_release(&scratch);
	return NULL;
}

/* Starts a transaction on db and the thread that opens the second connection into it. */
static int begin(struct twin *tw, struct db *db, struct diag *d)
{
	struct diag scratch = DIAG_INIT;
	int ret = db_exec(db, BEGIN, NULL, d);

	tw->cfg = db->cfg;
	if (ret == 0 && db_pg_export_snapshot(db, &tw->snapshot, &tw->app, &scratch) == 0)
		tw->started = pthread_create(&tw->thread, NULL, twin_open, tw) == 0;
	else if (ret == 0)
		/* a server that cannot export it (a standby of an old version): its error ended the transaction */
		ret = db_exec(db, "ROLLBACK; " BEGIN, NULL, d);
	diag_release(&scratch);
	return ret;
}

/*
 * The second connection, or NULL: a server that refuses it (connection
 * limits, a snapshot it cannot export) is read on one connection, as well.
 */
static struct db *twin_wait(struct twin *tw)
{
	if (!tw->started)
		return NULL;
	if (!tw->joined)
		pthread_join(tw->thread, NULL);
	tw->joined = true;
	return tw->ret == 0 ? &tw->db : NULL;
}

static void twin_release(struct twin *tw)
{
	if (twin_wait(tw))
		db_close(&tw->db);
	strbuf_release(&tw->snapshot);
	strbuf_release(&tw->app);
}

int inspect_pg(struct db *db, const char *const *schemas, size_t nr_schemas,
	       const char *app, struct model *m, struct strbuf *warnings, struct diag *d)
{
	struct inspector in = { db, m, app ? app : "", warnings, d, { NULL }, STRMAP_INIT, STRBUF_INIT };
	struct strbuf filter = STRBUF_INIT;
	struct twin tw = { .snapshot = STRBUF_INIT, .app = STRBUF_INIT, .ret = -1 };
	int ret = -1;

	if (nr_schemas) {
		array_literal(schemas, nr_schemas, &filter);
		in.params[0] = filter.buf;
	}
	/* one snapshot for every query, the second connection's too */
	if (begin(&tw, db, d) < 0)
		goto out;
	if (read_schemas(&in) < 0 || read_enums(&in) < 0 || read_tables(&in) < 0 ||
	    read_rest(&in, twin_wait(&tw)) < 0)
		goto out;
	if (db_exec(db, "COMMIT", NULL, d) < 0)
		goto out;
	ret = model_finish(m, d);
out:
	twin_release(&tw);
	strbuf_release(&filter);
	strmap_release(&in.tables);
	strbuf_release(&in.oids);
	return ret;
}
