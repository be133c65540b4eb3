/* PostgreSQL's catalogs -> the objects kept as SQL: one query, one row per object. */
#include "inspect_pg_objects.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_pg.h"
#include "diag.h"
#include "inspect_pg_sql.h"
#include "model.h"
#include "strbuf.h"
#include "strmap.h"
#include "xalloc.h"
#include "banned.h"

/* The user's relations of any kind (not mig's own, not other tools', not an extension's). */
#define RELS_CTE                                                                                   \
	"rels AS (SELECT c.oid, n.nspname, c.relname, c.relkind, c.relowner FROM pg_class c "                   \
	"JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " USER_SCHEMA("n")                     \
	"AND c.relname !~ '^mig_' AND c.relname <> ALL (" OTHERTOOLS_TABLES_SQL ") "                \
	"AND " NOT_EXTENSION_MEMBER("pg_class", "c.oid") ") "

#define NS_CTE "ns AS (SELECT n.oid, n.nspname FROM pg_namespace n WHERE " USER_SCHEMA("n") ") "

/* A privilege's place in GRANT's canonical order: grants never churn on order. */
#define PRIVILEGE_ORDER                                                                            \
	"array_position(ARRAY['SELECT','INSERT','UPDATE','DELETE','TRUNCATE','REFERENCES','TRIGGER',"  \
	"'EXECUTE','USAGE','CREATE','CONNECT','TEMPORARY'], x.privilege_type)"

/*
 * The privileges of one grantee (a row group of aclexplode) that cond
 * selects, in GRANT's order, a column's after its table's; NULL if none.
 */
#define GRANTED_PRIVILEGES(cond)                                                                   \
	"string_agg(CASE WHEN " cond " THEN x.privilege_type || coalesce(' (' || quote_ident(acls.col) || ')', '') END, " \
	"', ' ORDER BY " PRIVILEGE_ORDER ", acls.col NULLS FIRST)"

/*
 * Every object: kind (the model's element), schema, name, the table it is
 * on, its SQL, its comment. Ordered so that a database reads the same way
 * twice; the grants on one object in the order of its ACL (the order they
 * were given in, which pg_dump prints and a fresh database gets back).
 */
static const char q_objects[] =
	"WITH " NS_CTE ", " RELS_CTE
	/* what grants are on, with the privileges PostgreSQL gives by itself (acldefault) */
	", acls AS ("
	"SELECT CASE WHEN r.relkind = 'S' THEN 'SEQUENCE ' ELSE 'TABLE ' END || " QNAME("r.nspname", "r.relname")
	" AS on_, c.relacl AS acl, acldefault((CASE WHEN r.relkind = 'S' THEN 's' ELSE 'r' END)::\"char\", c.relowner) AS dflt, "
	"c.relowner AS owner, NULL::name AS col "
	"FROM rels r JOIN pg_class c ON c.oid = r.oid WHERE c.relacl IS NOT NULL AND r.relkind IN ('r','p','v','m','f','S') "
	"UNION ALL SELECT 'TABLE ' || " QNAME("r.nspname", "r.relname") ", a.attacl, NULL, c.relowner, a.attname "
	"FROM rels r JOIN pg_class c ON c.oid = r.oid JOIN pg_attribute a ON a.attrelid = r.oid "
	"WHERE a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped "
	"UNION ALL SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE ' ELSE 'FUNCTION ' END || " QNAME("ns.nspname", "p.proname")
	" || '(' || oidvectortypes(p.proargtypes) || ')', p.proacl, acldefault('f'::\"char\", p.proowner), p.proowner, NULL "
	"FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace WHERE p.proacl IS NOT NULL AND "
	NOT_EXTENSION_MEMBER("pg_proc", "p.oid")
	"UNION ALL SELECT 'SCHEMA ' || quote_ident(n.nspname), n.nspacl, acldefault('n'::\"char\", n.nspowner), n.nspowner, NULL "
	"FROM pg_namespace n JOIN ns ON ns.oid = n.oid WHERE n.nspacl IS NOT NULL AND n.nspname <> 'public' "
	"UNION ALL SELECT 'TYPE ' || " QNAME("ns.nspname", "t.typname") ", t.typacl, acldefault('T'::\"char\", t.typowner), t.typowner, NULL "
	"FROM pg_type t JOIN ns ON ns.oid = t.typnamespace WHERE t.typacl IS NOT NULL AND "
	NOT_EXTENSION_MEMBER("pg_type", "t.oid") ") "
	"SELECT kind, nsp, name, tbl, def, cmt, nullif(pg_get_userbyid(own), current_user) FROM ("
	/* extensions */
	"SELECT 1 AS o, 0 AS pos, 'extension' AS kind, 'public' AS nsp, e.extname::text AS name, NULL::text AS tbl, "
	"'CREATE EXTENSION IF NOT EXISTS ' || quote_ident(e.extname) || ' WITH SCHEMA ' || quote_ident(ns.nspname) "
	"|| ' VERSION ' || quote_literal(e.extversion) AS def, "
	/* the comment CREATE EXTENSION sets by itself is the extension's, not the model's */
	"nullif(obj_description(e.oid, 'pg_extension'), (SELECT a.comment FROM pg_available_extensions a "
	"WHERE a.name = e.extname)) AS cmt, NULL::oid AS own "
	"FROM pg_extension e JOIN ns ON ns.oid = e.extnamespace WHERE e.extname <> 'plpgsql' "
	/* domains */
	"UNION ALL SELECT 2, 0, 'domain', ns.nspname, t.typname, NULL, "
	"'CREATE DOMAIN ' || " QNAME("ns.nspname", "t.typname") " || ' AS ' || format_type(t.typbasetype, t.typtypmod) "
	"|| CASE WHEN t.typcollation <> 0 AND t.typcollation <> bt.typcollation THEN ' COLLATE ' || "
	"(SELECT quote_ident(co.collname) FROM pg_collation co WHERE co.oid = t.typcollation) ELSE '' END "
	"|| coalesce(' DEFAULT ' || t.typdefault, '') || CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END "
	"|| coalesce((SELECT string_agg(' CONSTRAINT ' || quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid), '' "
	"ORDER BY c.conname) FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c'), ''), "
	"obj_description(t.oid, 'pg_type'), t.typowner "
	"FROM pg_type t JOIN ns ON ns.oid = t.typnamespace JOIN pg_type bt ON bt.oid = t.typbasetype "
	"WHERE t.typtype = 'd' AND " NOT_EXTENSION_MEMBER("pg_type", "t.oid")
	/* composite types */
	"UNION ALL SELECT 2, 0, 'type', ns.nspname, t.typname, NULL, "
	"'CREATE TYPE ' || " QNAME("ns.nspname", "t.typname") " || ' AS (' || coalesce((SELECT string_agg("
	"quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod) || coalesce((SELECT ' COLLATE ' || "
	"quote_ident(co.collname) FROM pg_collation co JOIN pg_type at ON at.oid = a.atttypid WHERE co.oid = a.attcollation "
	"AND a.attcollation <> at.typcollation), ''), ', ' ORDER BY a.attnum) FROM pg_attribute a "
	"WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped), '') || ')', "
	"obj_description(t.oid, 'pg_type'), t.typowner "
	"FROM pg_type t JOIN ns ON ns.oid = t.typnamespace JOIN pg_class c ON c.oid = t.typrelid "
	"WHERE t.typtype = 'c' AND c.relkind = 'c' AND " NOT_EXTENSION_MEMBER("pg_type", "t.oid")
	/* range types */
	"UNION ALL SELECT 2, 0, 'type', ns.nspname, t.typname, NULL, "
	"'CREATE TYPE ' || " QNAME("ns.nspname", "t.typname") " || ' AS RANGE (SUBTYPE = ' || format_type(r.rngsubtype, NULL) "
	"|| CASE WHEN NOT opc.opcdefault THEN ', SUBTYPE_OPCLASS = ' || " QNAME("opcn.nspname", "opc.opcname") " ELSE '' END "
	"|| CASE WHEN r.rngcollation <> 0 AND r.rngcollation <> st.typcollation THEN ', COLLATION = ' || "
	"(SELECT quote_ident(co.collname) FROM pg_collation co WHERE co.oid = r.rngcollation) ELSE '' END "
	"|| CASE WHEN r.rngcanonical <> 0 THEN ', CANONICAL = ' || r.rngcanonical::regproc::text ELSE '' END "
	"|| CASE WHEN r.rngsubdiff <> 0 THEN ', SUBTYPE_DIFF = ' || r.rngsubdiff::regproc::text ELSE '' END || ')', "
	"obj_description(t.oid, 'pg_type'), t.typowner "
	"FROM pg_range r JOIN pg_type t ON t.oid = r.rngtypid JOIN ns ON ns.oid = t.typnamespace "
	"JOIN pg_type st ON st.oid = r.rngsubtype JOIN pg_opclass opc ON opc.oid = r.rngsubopc "
	"JOIN pg_namespace opcn ON opcn.oid = opc.opcnamespace WHERE " NOT_EXTENSION_MEMBER("pg_type", "t.oid")
	/* sequences of their own (an identity's or a serial's belong to its column; one owned by a column
	   without a nextval() default is its own, OWNED BY that column) */
	"UNION ALL SELECT 3, 0, 'sequence', r.nspname, r.relname, NULL, "
	"'CREATE SEQUENCE ' || " QNAME("r.nspname", "r.relname") " || ' AS ' || format_type(s.seqtypid, NULL) "
	"|| ' INCREMENT BY ' || s.seqincrement || ' MINVALUE ' || s.seqmin || ' MAXVALUE ' || s.seqmax "
	"|| ' START WITH ' || s.seqstart || ' CACHE ' || s.seqcache || CASE WHEN s.seqcycle THEN ' CYCLE' ELSE ' NO CYCLE' END "
	"|| coalesce((SELECT ' OWNED BY ' || " QNAME("on_.nspname", "oc.relname") " || '.' || quote_ident(oa.attname) "
	"FROM pg_depend d JOIN pg_class oc ON oc.oid = d.refobjid JOIN pg_namespace on_ ON on_.oid = oc.relnamespace "
	"JOIN pg_attribute oa ON oa.attrelid = d.refobjid AND oa.attnum = d.refobjsubid "
	"WHERE d.classid = 'pg_class'::regclass AND d.objid = r.oid AND d.deptype = 'a' "
	"AND d.refclassid = 'pg_class'::regclass), ''), "
	"obj_description(r.oid, 'pg_class'), r.relowner "
	"FROM rels r JOIN pg_sequence s ON s.seqrelid = r.oid WHERE r.relkind = 'S' AND NOT EXISTS (SELECT 1 FROM pg_depend d "
	"WHERE d.classid = 'pg_class'::regclass AND d.objid = r.oid AND d.refclassid = 'pg_class'::regclass "
	/* an identity's, or a serial's: owned by a column whose default is a nextval() (as the columns query reads it) */
	"AND (d.deptype = 'i' OR (d.deptype = 'a' AND EXISTS (SELECT 1 FROM pg_attrdef ad WHERE ad.adrelid = d.refobjid "
	"AND ad.adnum = d.refobjsubid AND pg_get_expr(ad.adbin, ad.adrelid) LIKE 'nextval(%')))) "
	/* functions and procedures (aggregates are named as left out) */
	"UNION ALL SELECT 4, 0, CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END, ns.nspname, "
	"p.proname || '(' || oidvectortypes(p.proargtypes) || ')', NULL, pg_get_functiondef(p.oid), "
	"obj_description(p.oid, 'pg_proc'), p.proowner "
	"FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace WHERE p.prokind IN ('f', 'p', 'w') AND "
	NOT_EXTENSION_MEMBER("pg_proc", "p.oid")
	/* not those PostgreSQL makes for a type (a range's constructors) */
	"AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid "
	"AND d.deptype = 'i') "
	/* views and materialized views */
	"UNION ALL SELECT 5, 0, CASE r.relkind WHEN 'v' THEN 'view' ELSE 'materialized-view' END, r.nspname, r.relname, NULL, "
	"'CREATE ' || CASE r.relkind WHEN 'v' THEN 'VIEW ' ELSE 'MATERIALIZED VIEW ' END || " QNAME("r.nspname", "r.relname")
	" || coalesce(' WITH (' || array_to_string(c.reloptions, ', ') || ')', '') || E' AS\\n' "
	"|| rtrim(pg_get_viewdef(r.oid, true), ';') "
	"|| CASE WHEN r.relkind = 'm' THEN CASE WHEN c.relispopulated THEN E'\\nWITH DATA' ELSE E'\\nWITH NO DATA' END "
	"ELSE '' END, obj_description(r.oid, 'pg_class'), r.relowner "
	"FROM rels r JOIN pg_class c ON c.oid = r.oid WHERE r.relkind IN ('v', 'm') "
	/* indexes of materialized views */
	"UNION ALL SELECT 6, 0, 'view-index', r.nspname, ic.relname, r.relname, pg_get_indexdef(i.indexrelid), "
	"obj_description(i.indexrelid, 'pg_class'), NULL "
	"FROM rels r JOIN pg_index i ON i.indrelid = r.oid JOIN pg_class ic ON ic.oid = i.indexrelid WHERE r.relkind = 'm' "
	/* exclusion constraints */
	"UNION ALL SELECT 7, 0, 'constraint', r.nspname, con.conname, r.relname, "
	"'ALTER TABLE ' || " QNAME("r.nspname", "r.relname") " || ' ADD CONSTRAINT ' || quote_ident(con.conname) || ' ' "
	"|| pg_get_constraintdef(con.oid), obj_description(con.oid, 'pg_constraint'), NULL "
	"FROM rels r JOIN pg_constraint con ON con.conrelid = r.oid WHERE con.contype = 'x' AND con.conparentid = 0 "
	"AND r.relkind IN ('r', 'p') "
	/* triggers (not those PostgreSQL makes for keys, nor a partition's copies of its parent's) */
	"UNION ALL SELECT 8, 0, 'trigger', r.nspname, t.tgname, r.relname, pg_get_triggerdef(t.oid), "
	"obj_description(t.oid, 'pg_trigger'), NULL "
	"FROM rels r JOIN pg_trigger t ON t.tgrelid = r.oid WHERE NOT t.tgisinternal AND t.tgparentid = 0 "
	/* rules */
	"UNION ALL SELECT 8, 0, 'rule', r.nspname, ru.rulename, r.relname, rtrim(pg_get_ruledef(ru.oid), ';'), "
	"obj_description(ru.oid, 'pg_rewrite'), NULL "
	"FROM rels r JOIN pg_rewrite ru ON ru.ev_class = r.oid WHERE ru.rulename <> '_RETURN' "
	/* row-level security policies */
	"UNION ALL SELECT 8, 0, 'policy', r.nspname, pol.polname, r.relname, "
	"'CREATE POLICY ' || quote_ident(pol.polname) || ' ON ' || " QNAME("r.nspname", "r.relname")
	" || ' AS ' || CASE WHEN pol.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END "
	"|| ' FOR ' || CASE pol.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' "
	"WHEN 'd' THEN 'DELETE' ELSE 'ALL' END "
	"|| ' TO ' || (SELECT string_agg(CASE WHEN ro = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(ro)) END, ', ' "
	"ORDER BY ro <> 0, pg_get_userbyid(ro)) FROM unnest(pol.polroles) ro) "
	"|| coalesce(' USING (' || pg_get_expr(pol.polqual, pol.polrelid) || ')', '') "
	"|| coalesce(' WITH CHECK (' || pg_get_expr(pol.polwithcheck, pol.polrelid) || ')', ''), "
	"obj_description(pol.oid, 'pg_policy'), NULL "
	"FROM rels r JOIN pg_policy pol ON pol.polrelid = r.oid "
	/* grants beyond what PostgreSQL gives by itself, one per object and grantee */
	"UNION ALL SELECT 9, min(x.pos), 'grant', 'public', CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(x.grantee) END, "
	"acls.on_, concat_ws('; ', " GRANTED_PRIVILEGES("NOT x.is_grantable") ", "
	GRANTED_PRIVILEGES("x.is_grantable") " || ' WITH GRANT OPTION'), NULL, NULL "
	"FROM acls CROSS JOIN LATERAL aclexplode(acls.acl) WITH ORDINALITY x(grantor, grantee, privilege_type, is_grantable, pos) "
	"WHERE x.grantee <> acls.owner AND (acls.dflt IS NULL OR NOT EXISTS (SELECT 1 FROM aclexplode(acls.dflt) y "
	"WHERE y.grantee = x.grantee AND y.privilege_type = x.privilege_type)) "
	"GROUP BY acls.on_, x.grantee"
	") objs ORDER BY o, nsp, tbl NULLS FIRST, pos, name, kind";

/* "name" in the default schema, "schema.name" elsewhere: the form of the model's keys (model.h, objects kept as SQL). */
#define KEY_NAME(nsp, name) "CASE WHEN " nsp " = 'public' THEN '' ELSE " nsp " || '.' END || " name

/*
 * What PostgreSQL records each object depends on (pg_depend, normal
 * dependencies): the key of the object, the key of what it needs. A view's
 * are its rewrite rule's.
 */
static const char q_depends[] =
	"WITH " NS_CTE ", objs AS ("
	"SELECT 'pg_rewrite'::regclass AS classid, rw.oid AS objid, c.oid AS self, "
	"CASE c.relkind WHEN 'v' THEN 'view ' ELSE 'materialized-view ' END || " KEY_NAME("ns.nspname", "c.relname") " AS key "
	"FROM pg_rewrite rw JOIN pg_class c ON c.oid = rw.ev_class JOIN ns ON ns.oid = c.relnamespace "
	"WHERE rw.rulename = '_RETURN' AND c.relkind IN ('v', 'm') "
	"UNION ALL SELECT 'pg_proc'::regclass, p.oid, 0, CASE p.prokind WHEN 'p' THEN 'procedure ' ELSE 'function ' END || "
	KEY_NAME("ns.nspname", "p.proname") " || '(' || oidvectortypes(p.proargtypes) || ')' "
	"FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace "
	"UNION ALL SELECT 'pg_trigger'::regclass, t.oid, t.tgrelid, 'trigger ' || " KEY_NAME("ns.nspname", "t.tgname")
	" || ' on ' || c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN ns ON ns.oid = c.relnamespace "
	"WHERE NOT t.tgisinternal "
	"UNION ALL SELECT 'pg_policy'::regclass, pol.oid, pol.polrelid, 'policy ' || " KEY_NAME("ns.nspname", "pol.polname")
	" || ' on ' || c.relname FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid "
	"JOIN ns ON ns.oid = c.relnamespace "
	"UNION ALL SELECT 'pg_type'::regclass, t.oid, 0, 'domain ' || " KEY_NAME("ns.nspname", "t.typname")
	" FROM pg_type t JOIN ns ON ns.oid = t.typnamespace WHERE t.typtype = 'd' "
	"UNION ALL SELECT 'pg_constraint'::regclass, con.oid, con.conrelid, 'constraint ' || "
	KEY_NAME("ns.nspname", "con.conname") " || ' on ' || c.relname FROM pg_constraint con "
	"JOIN pg_class c ON c.oid = con.conrelid JOIN ns ON ns.oid = c.relnamespace WHERE con.contype = 'x') "
	"SELECT DISTINCT objs.key, CASE "
	"WHEN dep.refclassid = 'pg_class'::regclass THEN CASE WHEN rc.relkind IN ('r', 'p') THEN 'table ' "
	"ELSE 'relation ' END || " KEY_NAME("rn.nspname", "rc.relname") " "
	"WHEN dep.refclassid = 'pg_proc'::regclass THEN 'function ' || " KEY_NAME("pn.nspname", "rp.proname") " "
	"WHEN dep.refclassid = 'pg_type'::regclass THEN 'type ' || " KEY_NAME("tn.nspname", "rt.typname") " END "
	"FROM objs JOIN pg_depend dep ON dep.classid = objs.classid AND dep.objid = objs.objid AND dep.deptype = 'n' "
	"LEFT JOIN pg_class rc ON dep.refclassid = 'pg_class'::regclass AND rc.oid = dep.refobjid "
	"LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace "
	"LEFT JOIN pg_proc rp ON dep.refclassid = 'pg_proc'::regclass AND rp.oid = dep.refobjid "
	"LEFT JOIN pg_namespace pn ON pn.oid = rp.pronamespace "
	"LEFT JOIN pg_type rt ON dep.refclassid = 'pg_type'::regclass AND rt.oid = dep.refobjid "
	"LEFT JOIN pg_namespace tn ON tn.oid = rt.typnamespace "
	"WHERE dep.refobjid <> objs.self "
	"AND coalesce(rn.nspname, pn.nspname, tn.nspname) !~ '^pg_' "
	"AND coalesce(rn.nspname, pn.nspname, tn.nspname) <> 'information_schema' "
	"ORDER BY 1, 2";

/*
 * Does one of refs (parsed from the SQL) already say key (from pg_depend)?
 * A table is named "relation" or "type" (its row type) in SQL.
 */
static bool already_referenced(const struct model_names *refs, const char *key)
{
	struct strbuf alt = STRBUF_INIT;
	bool found = model_names_find(refs, key) >= 0;

	if (!found && strncmp(key, "table ", 6) == 0) {
		strbuf_addf(&alt, "relation %s", key + 6);
		found = model_names_find(refs, alt.buf) >= 0;
		strbuf_reset(&alt);
		strbuf_addf(&alt, "type %s", key + 6);
		found = found || model_names_find(refs, alt.buf) >= 0;
	}
	strbuf_release(&alt);
	return found;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* One object of q_objects. */
static int object_row(void *ctx, const struct db_result *r)
{
	struct inspect_pg_objects *in = ctx;
	struct model_object *o = model_add_object(in->m);
	const char *nsp = db_value(r, 0, 1);

	o->kind = (enum model_object_kind)model_object_kind_of(db_value(r, 0, 0));
	o->schema = xstrdup(strcmp(nsp, "public") == 0 ? "" : nsp);
	o->name = xstrdup(db_value(r, 0, 2));
	o->table = dup_or_null(db_value(r, 0, 3));
	o->definition = xstrdup(db_value(r, 0, 4) ? db_value(r, 0, 4) : "");
	o->comment = dup_or_null(db_value(r, 0, 5));
	o->owner = dup_or_null(db_value(r, 0, 6));
	o->app = xstrdup(in->app);
	/* the text PostgreSQL prints ends in a newline: the model's does not */
	for (size_t len = strlen(o->definition); len && (o->definition[len - 1] == '\n' ||
							 o->definition[len - 1] == ' ');)
		o->definition[--len] = '\0';
	return 0;
}

/*
 * One row of q_depends (every object is read by then): adds to its object's
 * depends-on what pg_depend says it needs and its SQL does not name.
 */
static int depends_row(void *ctx, const struct db_result *r)
{
	struct inspect_pg_objects *in = ctx;
	struct model *m = in->m;
	const char *obj = db_value(r, 0, 0), *ref = db_value(r, 0, 1);

	if (!in->keyed) {
		/* the objects read, by key (the first of a key); their addresses stay from here on */
		for (size_t k = in->first; k < m->nr_objects; k++) {
			model_object_key(&m->objects[k], &in->key);
			if (!strmap_get(&in->by_key, in->key.buf))
				strmap_put(&in->by_key, in->key.buf, &m->objects[k]);
		}
		in->keyed = true;
	}
	if (!ref)
		return 0;
	if (!in->o || (model_object_key(in->o, &in->key), strcmp(in->key.buf, obj) != 0)) {
		in->o = strmap_get(&in->by_key, obj);
		model_names_release(&in->refs);
		if (in->o)
			model_object_references(in->o, &in->refs);
	}
	if (in->o && !already_referenced(&in->refs, ref)) {
		model_names_add(&in->o->depends, ref);
		model_names_add(&in->refs, ref);
	}
	return 0;
}

void inspect_pg_objects_init(struct inspect_pg_objects *in, struct model *m, const char *app,
			     const char *const *params, struct db_pg_rows_query queries[2])
{
	memset(in, 0, sizeof(*in));
	in->m = m;
	in->app = app;
	in->first = m->nr_objects;
	strbuf_init(&in->key, 0);
	strmap_init(&in->by_key);
	queries[0] = (struct db_pg_rows_query){ q_objects, 1, params, object_row, in };
	queries[1] = (struct db_pg_rows_query){ q_depends, 1, params, depends_row, in };
}

void inspect_pg_objects_release(struct inspect_pg_objects *in)
{
	model_names_release(&in->refs);
	strbuf_release(&in->key);
	strmap_release(&in->by_key);
}
