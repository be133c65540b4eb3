/* The SQLite side of db.h: a database file, its schema files, statements one by one. */
#include "db.h"
#include "db_sqlite.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "dialect.h"
#include "dialect_sqlite.h"
#include "dialect_sqlite_rebuild.h"
#include "diag.h"
#include "fs.h"
#include "sqlscan.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

/* A second writer waits this long for the first (BEGIN IMMEDIATE, COMMIT) before giving up. */
#define BUSY_TIMEOUT_MS 30000

/* --- SQLite's result codes, by name ---------------------------------------- */

#define CODE(c) { c, #c }
static const struct {
	int code;
	const char *name;
} code_names[] = {
	CODE(SQLITE_ERROR), CODE(SQLITE_INTERNAL), CODE(SQLITE_PERM), CODE(SQLITE_ABORT),
	CODE(SQLITE_BUSY), CODE(SQLITE_LOCKED), CODE(SQLITE_NOMEM), CODE(SQLITE_READONLY),
	CODE(SQLITE_INTERRUPT), CODE(SQLITE_IOERR), CODE(SQLITE_CORRUPT), CODE(SQLITE_NOTFOUND),
	CODE(SQLITE_FULL), CODE(SQLITE_CANTOPEN), CODE(SQLITE_PROTOCOL), CODE(SQLITE_EMPTY),
	CODE(SQLITE_SCHEMA), CODE(SQLITE_TOOBIG), CODE(SQLITE_CONSTRAINT), CODE(SQLITE_MISMATCH),
	CODE(SQLITE_MISUSE), CODE(SQLITE_NOLFS), CODE(SQLITE_AUTH), CODE(SQLITE_FORMAT),
	CODE(SQLITE_RANGE), CODE(SQLITE_NOTADB),
	/* the extended codes a migration meets */
	CODE(SQLITE_ERROR_MISSING_COLLSEQ), CODE(SQLITE_ERROR_RETRY),
	CODE(SQLITE_BUSY_RECOVERY), CODE(SQLITE_BUSY_SNAPSHOT), CODE(SQLITE_LOCKED_SHAREDCACHE),
	CODE(SQLITE_READONLY_RECOVERY), CODE(SQLITE_READONLY_CANTLOCK), CODE(SQLITE_READONLY_ROLLBACK),
	CODE(SQLITE_READONLY_DBMOVED), CODE(SQLITE_CANTOPEN_ISDIR), CODE(SQLITE_CANTOPEN_FULLPATH),
	CODE(SQLITE_CORRUPT_VTAB), CODE(SQLITE_CONSTRAINT_CHECK), CODE(SQLITE_CONSTRAINT_COMMITHOOK),
	CODE(SQLITE_CONSTRAINT_FOREIGNKEY), CODE(SQLITE_CONSTRAINT_FUNCTION), CODE(SQLITE_CONSTRAINT_NOTNULL),
	CODE(SQLITE_CONSTRAINT_PRIMARYKEY), CODE(SQLITE_CONSTRAINT_TRIGGER), CODE(SQLITE_CONSTRAINT_UNIQUE),
	CODE(SQLITE_CONSTRAINT_VTAB), CODE(SQLITE_CONSTRAINT_ROWID),
#ifdef SQLITE_BUSY_TIMEOUT
	CODE(SQLITE_BUSY_TIMEOUT),
#endif
#ifdef SQLITE_CONSTRAINT_PINNED
	CODE(SQLITE_CONSTRAINT_PINNED),
#endif
#ifdef SQLITE_CONSTRAINT_DATATYPE
	CODE(SQLITE_CONSTRAINT_DATATYPE),
#endif
};
#undef CODE

/* "SQLITE_CONSTRAINT_UNIQUE"; an extended code not listed goes by its primary code's name. */
static const char *code_name(int code)
{
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < sizeof(code_names) / sizeof(code_names[0]); i++) {
			if (code_names[i].code == code)
				return code_names[i].name;
		}
		code &= 0xff;
	}
	return "SQLITE_ERROR";
}

/* Characters (not bytes) from s up to at: PostgreSQL's positions count characters. */
static int char_position(const char *s, const char *at)
{
	int n = 0;

	for (; s < at && *s; s++) {
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	}
	return n;
}

/*
 * An error of SQLite's: "message (SQLite error 2067: SQLITE_CONSTRAINT_UNIQUE)"
 * into d, and into err (when given) the code and where in sql it is.
 */
static int db_sqlite_fail(int code, const char *message, const char *sql, const char *at, struct db_error *err,
		       struct diag *d)
{
	diag_error(d, "%s (SQLite error %d: %s)", message, code, code_name(code));
	if ((code & 0xff) == SQLITE_BUSY)
		diag_hint(d, "another connection holds the database's write lock (a long transaction of the "
			  "application?); mig-apply --lock-timeout MS waits that long, then retries");
	if (err) {
		err->sqlstate[0] = '\0';
		err->sqlite_code = code;
		err->position = sql && at ? char_position(sql, at) + 1 : 0;
	}
	return -1;
}

/* The connection's last error, as db_sqlite_fail() reports it; at: where in sql the statement starts. */
static int last_error(sqlite3 *h, const char *sql, const char *at, struct db_error *err, struct diag *d)
{
	int off = -1;

#if SQLITE_VERSION_NUMBER >= 3038000
	off = sqlite3_error_offset(h);
#endif
	return db_sqlite_fail(sqlite3_extended_errcode(h), sqlite3_errmsg(h), sql,
			   at && off >= 0 ? at + off : at, err, d);
}

/* --- files: the database's and its schemas' -------------------------------- */

static bool is_memory(const char *main)
{
	return !main[0] || strcmp(main, ":memory:") == 0 ||
	       (strncmp(main, "file:", 5) == 0 &&
		(strncmp(main + 5, ":memory:", 8) == 0 || strstr(main, "mode=memory") != NULL));
}

int db_sqlite_filename(const char *main, struct strbuf *file)
{
	const char *p = main;

	strbuf_setlen(file, 0);
	if (is_memory(main))
		return 0;
	if (strncmp(p, "file:", 5) == 0) {
		p += 5;
		/* file://localhost/abs, file:///abs: the authority goes, the path stays */
		if (strncmp(p, "//", 2) == 0)
			p = strchr(p + 2, '/') ? strchr(p + 2, '/') : p + strlen(p);
		strbuf_add(file, p, strcspn(p, "?#"));
		return 1;
	}
	strbuf_addstr(file, main);
	return 1;
}

/* The offset in path[0, len) where the extension of the file's name starts (len: none). */
static size_t extension_at(const char *path, size_t len, size_t name_from)
{
	size_t base = name_from;

	for (size_t i = name_from; i < len; i++) {
		if (path[i] == '/')
			base = i + 1;
	}
	/* a leading dot names a hidden file, not an extension */
	for (size_t i = len; i > base + 1; i--) {
		if (path[i - 1] == '.')
			return i - 1;
	}
	return len;
}

void db_sqlite_schema_path(const char *main, const char *schema, struct strbuf *out)
{
	size_t len = strcspn(main, "?#"), name_from = 0, ext;

	if (!main[0] || strcmp(main, ":memory:") == 0) {
		strbuf_addstr(out, ":memory:");
		return;
	}
	if (strncmp(main, "file:", 5) == 0)
		name_from = 5;
	else
		len = strlen(main); /* a plain file name may hold '?' and '#' */
	ext = extension_at(main, len, name_from);
	strbuf_add(out, main, ext);
	strbuf_addf(out, ".%s", schema);
	strbuf_addstr(out, main + ext);
}

/* A file SQLite writes beside a database while it works: not a schema. */
static bool is_sidecar(const char *name)
{
	static const char *const suffixes[] = { "-journal", "-wal", "-shm" };
	size_t len = strlen(name);

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t n = strlen(suffixes[i]);
		if (len >= n && strcmp(name + len - n, suffixes[i]) == 0)
			return true;
	}
	return false;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t db_sqlite_schema_files(const char *main, char ***schemas)
{
	struct strbuf file = STRBUF_INIT, dir = STRBUF_INIT;
	const char *slash, *base;
	size_t stem_len, ext_len, nr = 0, alloc = 0;
	char **names = NULL;
	DIR *dh;
	struct dirent *de;

	*schemas = NULL;
	if (!db_sqlite_filename(main, &file)) {
		strbuf_release(&file);
		return 0;
	}
	slash = strrchr(file.buf, '/');
	base = slash ? slash + 1 : file.buf;
	strbuf_add(&dir, file.buf, slash ? (size_t)(slash - file.buf) + (slash == file.buf) : 0);
	if (!dir.len)
		strbuf_addch(&dir, '.');
	stem_len = extension_at(base, strlen(base), 0);
	ext_len = strlen(base) - stem_len;
	dh = opendir(dir.buf);
	while (dh && (de = readdir(dh)) != NULL) {
		const char *name = de->d_name;
		size_t len = strlen(name);
		/* STEM.SCHEMA.EXT, SCHEMA not empty */
		if (len <= stem_len + 1 + ext_len || strncmp(name, base, stem_len) != 0 || name[stem_len] != '.' ||
		    strcmp(name + len - ext_len, base + stem_len) != 0 || is_sidecar(name))
			continue;
		char *schema = xstrndup(name + stem_len + 1, len - stem_len - 1 - ext_len);
		/* SQLite's own names cannot be attached; CREATE SCHEMA never makes them */
		if (strcasecmp(schema, "main") == 0 || strcasecmp(schema, "temp") == 0) {
			free(schema);
			continue;
		}
		ALLOC_GROW(names, nr + 1, alloc);
		names[nr++] = schema;
	}
	if (dh)
		closedir(dh);
	if (nr)
		qsort(names, nr, sizeof(*names), cmp_names);
	*schemas = names;
	strbuf_release(&file);
	strbuf_release(&dir);
	return nr;
}

/* --- the connection's bookkeeping ------------------------------------------ */

struct name_list {
	char **items;
	size_t nr, alloc;
};

static void name_list_add(struct name_list *l, const char *name)
{
	ALLOC_GROW(l->items, l->nr + 1, l->alloc);
	l->items[l->nr++] = xstrdup(name);
}

static void name_list_clear(struct name_list *l)
{
	for (size_t i = 0; i < l->nr; i++)
		free(l->items[i]);
	l->nr = 0;
}

static void name_list_release(struct name_list *l)
{
	name_list_clear(l);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

/*
 * Schemas created and dropped in the open transaction: attaching and
 * detaching are not part of a transaction, so their files are dealt with
 * when it ends (created ones removed on rollback, dropped ones on commit).
 */
struct sqlite_state {
	bool rolled_back;        /* set by the rollback hook since the statement started */
	struct name_list created, dropped;
	/* the triggers of tables dropped in the open transaction: schema, table, CREATE TRIGGER text */
	struct name_list trig_schema, trig_table, trig_sql;
};

static void on_rollback(void *arg)
{
	struct sqlite_state *st = arg;

	st->rolled_back = true;
}

/* --- small statements of our own ------------------------------------------- */

/* Runs sql with text parameters (NULL-terminated) on h; *count (when given) gets the first column of the first row. */
static int run_small(sqlite3 *h, const char *sql, const char *const *params, long *count)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(h, sql, -1, &stmt, NULL);

	for (int i = 0; rc == SQLITE_OK && params && params[i]; i++)
		rc = sqlite3_bind_text(stmt, i + 1, params[i], -1, SQLITE_TRANSIENT);
	if (count)
		*count = 0;
	while (rc == SQLITE_OK || rc == SQLITE_ROW) {
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW && count)
			*count = sqlite3_column_int64(stmt, 0);
		count = NULL; /* the first row's */
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

static bool is_attached(sqlite3 *h, const char *schema)
{
	const char *params[] = { schema, NULL };
	long n = 0;

	return run_small(h, "SELECT count(*) FROM pragma_database_list WHERE name = ?1", params, &n) == 0 && n > 0;
}

static int attach(sqlite3 *h, const char *path, const char *schema)
{
	const char *params[] = { path, schema, NULL };

	return run_small(h, "ATTACH DATABASE ?1 AS ?2", params, NULL);
}

/* Detaches schema and removes its file (and what SQLite may have left beside it). */
/* Detaches schema and removes its file; *why (when given) says what failed. */
static int detach_and_remove(struct db *db, const char *schema, struct strbuf *why)
{
	sqlite3 *h = db->conn;
	const char *params[] = { schema, NULL };
	struct strbuf path = STRBUF_INIT, file = STRBUF_INIT;
	static const char *const sidecars[] = { "", "-journal", "-wal", "-shm" };
	int ret = run_small(h, "DETACH DATABASE ?1", params, NULL);

	if (ret < 0 && why)
		strbuf_addstr(why, sqlite3_errmsg(h));
	db_sqlite_schema_path(db->cfg->sqlite_path, schema, &path);
	if (ret == 0 && db_sqlite_filename(path.buf, &file)) {
		size_t len = file.len;
		for (size_t i = 0; i < sizeof(sidecars) / sizeof(sidecars[0]); i++) {
			strbuf_setlen(&file, len);
			strbuf_addstr(&file, sidecars[i]);
			if (unlink(file.buf) < 0 && errno != ENOENT && i == 0) {
				if (why)
					strbuf_addf(why, "%s: %s", file.buf, strerror(errno));
				ret = -1;
			}
		}
	}
	strbuf_release(&path);
	strbuf_release(&file);
	return ret;
}

/* After a statement: when it ended the transaction, the schema files follow its fate. */
static void after_statement(struct db *db, bool was_in_transaction)
{
	struct sqlite_state *st = db->backend;
	struct name_list *gone;

	if (!was_in_transaction || !sqlite3_get_autocommit(db->conn))
		return;
	gone = st->rolled_back ? &st->created : &st->dropped;
	/* best effort: the transaction is over, and an empty schema file left behind is harmless */
	for (size_t i = 0; i < gone->nr; i++) {
		if (is_attached(db->conn, gone->items[i]))
			detach_and_remove(db, gone->items[i], NULL);
	}
	name_list_clear(&st->created);
	name_list_clear(&st->dropped);
	name_list_clear(&st->trig_schema);
	name_list_clear(&st->trig_table);
	name_list_clear(&st->trig_sql);
}

/* --- opening ----------------------------------------------------------------- */

/* Is the attached schema a database? A file that is not says so at its first read. */
static bool schema_readable(sqlite3 *h, const char *schema)
{
	struct strbuf sql = STRBUF_INIT;
	int rc;

	strbuf_addstr(&sql, "SELECT count(*) FROM ");
	dialect_sqlite_append_ident(&sql, schema);
	strbuf_addstr(&sql, ".sqlite_schema");
	rc = run_small(h, sql.buf, NULL, NULL);
	strbuf_release(&sql);
	return rc == 0;
}

/*
 * Attaches the schema files beside main's. warnings NULL: one that cannot
 * be attached is an error; otherwise it is left out with a warning, and
 * so is one that is not a database.
 */
static int attach_schemas(sqlite3 *h, const struct db_config *cfg, struct strbuf *warnings, struct diag *d)
{
	struct strbuf path = STRBUF_INIT;
	char **schemas = NULL;
	size_t nr = db_sqlite_schema_files(cfg->sqlite_path, &schemas);
	int ret = 0;

	for (size_t i = 0; i < nr && ret == 0; i++) {
		strbuf_setlen(&path, 0);
		db_sqlite_schema_path(cfg->sqlite_path, schemas[i], &path);
		if (attach(h, path.buf, schemas[i]) < 0) {
			if (!warnings)
				ret = diag_error(d, "cannot attach %s as schema \"%s\" of %s: %s", path.buf, schemas[i],
						 cfg->display, sqlite3_errmsg(h));
			else
				strbuf_addf(warnings, "%s cannot be attached (%s); schema \"%s\" is left out\n", path.buf,
					    sqlite3_errmsg(h), schemas[i]);
		} else if (warnings && !schema_readable(h, schemas[i])) {
			const char *params[] = { schemas[i], NULL };
			strbuf_addf(warnings, "%s is not a SQLite database (%s); schema \"%s\" is left out\n", path.buf,
				    sqlite3_errmsg(h), schemas[i]);
			run_small(h, "DETACH DATABASE ?1", params, NULL);
		}
	}
	fs_free_list(schemas, nr);
	strbuf_release(&path);
	return ret;
}

/*
 * Opens cfg's database with its schemas attached. read_only: the file must
 * exist, and schema files that cannot be read are warnings
 * (attach_schemas()); otherwise the file and its folder are created.
 */
static int open_attached(struct db *db, const struct db_config *cfg, bool read_only, struct strbuf *warnings,
			 struct diag *d)
{
	struct strbuf file = STRBUF_INIT;
	struct sqlite_state *st;
	bool is_file = db_sqlite_filename(cfg->sqlite_path, &file);
	int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	sqlite3 *h = NULL;
	int ret = -1;

	if (read_only && is_file && access(file.buf, F_OK) != 0) {
		diag_error(d, "database file %s does not exist", file.buf);
		diag_hint(d, "inspecting never creates a database; check the path");
		goto out;
	}
	if (!read_only && is_file && strchr(file.buf, '/') && file.buf[0]) {
		/* var/dev.sqlite3: a new checkout has no var/ yet */
		struct strbuf dir = STRBUF_INIT;
		strbuf_add(&dir, file.buf, (size_t)(strrchr(file.buf, '/') - file.buf));
		ret = dir.len ? fs_mkdirs_ignored(dir.buf, d) : 0;
		strbuf_release(&dir);
		if (ret < 0)
			goto out;
		ret = -1;
	}
	if (sqlite3_open_v2(cfg->sqlite_path, &h, flags | SQLITE_OPEN_URI, NULL) != SQLITE_OK) {
		diag_error(d, "cannot open %s: %s", cfg->display, h ? sqlite3_errmsg(h) : "out of memory");
		goto out;
	}
	sqlite3_extended_result_codes(h, 1);
	sqlite3_busy_timeout(h, BUSY_TIMEOUT_MS);
	/* a file that is not a database says so now, not at the first query */
	if (run_small(h, "SELECT count(*) FROM sqlite_schema", NULL, NULL) < 0) {
		diag_error(d, "cannot open %s: %s (SQLite error %d: %s)", cfg->display, sqlite3_errmsg(h),
			   sqlite3_extended_errcode(h), code_name(sqlite3_extended_errcode(h)));
		goto out;
	}
	if (attach_schemas(h, cfg, read_only ? warnings : NULL, d) < 0)
		goto out;
	st = xcalloc(1, sizeof(*st));
	sqlite3_rollback_hook(h, on_rollback, st);
	db->conn = h;
	db->backend = st;
	h = NULL;
	ret = 0;
out:
	if (h)
		sqlite3_close(h);
	strbuf_release(&file);
	return ret;
}

int db_sqlite_open(struct db *db, const struct db_config *cfg, struct diag *d)
{
	return open_attached(db, cfg, false, NULL, d);
}

int db_sqlite_open_read_only(struct db *db, const struct db_config *cfg, struct strbuf *warnings, struct diag *d)
{
	memset(db, 0, sizeof(*db));
	db->cfg = cfg;
	db->dialect = &dialect_sqlite;
	return open_attached(db, cfg, true, warnings, d);
}

void db_sqlite_close(struct db *db)
{
	struct sqlite_state *st = db->backend;

	if (!db->conn)
		return;
	/* an open transaction ends here: explicitly, so that the schemas it created go too */
	if (!sqlite3_get_autocommit(db->conn)) {
		struct diag ignore = DIAG_INIT;
		db_sqlite_exec(db, "ROLLBACK", NULL, &ignore);
		diag_release(&ignore);
	}
	sqlite3_rollback_hook(db->conn, NULL, NULL);
	sqlite3_close(db->conn);
	name_list_release(&st->created);
	name_list_release(&st->dropped);
	name_list_release(&st->trig_schema);
	name_list_release(&st->trig_table);
	name_list_release(&st->trig_sql);
	free(st);
	db->conn = NULL;
	db->backend = NULL;
}

/* --- reading statements ------------------------------------------------------ */

/* A CREATE SCHEMA or DROP SCHEMA statement, which SQLite lacks. */
struct schema_stmt {
	bool create;
	bool if_exists;     /* IF NOT EXISTS, IF EXISTS */
	bool cascade;
	struct strbuf name;
	const char *end;    /* after its ';', or at the end of the text */
};

/*
 * 1 when the statement at p (past blanks) is a CREATE or DROP SCHEMA that
 * SQLite can be given, parsed into s; 0 when it is another statement; -1
 * when it is one with more than a name (*why says what).
 */
static int parse_schema_stmt(const char *p, struct schema_stmt *s, const char **why)
{
	const char *q, *r;

	if ((q = sqlscan_keywords(p, "CREATE SCHEMA")) != NULL) {
		s->create = true;
		if ((r = sqlscan_keywords(q, "IF NOT EXISTS")) != NULL) {
			s->if_exists = true;
			q = r;
		}
	} else if ((q = sqlscan_keywords(p, "DROP SCHEMA")) != NULL) {
		if ((r = sqlscan_keywords(q, "IF EXISTS")) != NULL) {
			s->if_exists = true;
			q = r;
		}
	} else {
		return 0;
	}
	q = sqlscan_name(q, &s->name);
	if (!q) {
		*why = "a schema name (one, without a qualifier) must follow";
		return -1;
	}
	if (!s->create && (r = sqlscan_keywords(q, "CASCADE")) != NULL) {
		s->cascade = true;
		q = r;
	} else if (!s->create && (r = sqlscan_keywords(q, "RESTRICT")) != NULL) {
		q = r;
	}
	q = sqlscan_blank(q);
	if (*q && *q != ';') {
		*why = s->create ? "on SQLite it takes a schema name only (AUTHORIZATION and schema elements "
				   "have no SQLite equivalent)"
				 : "on SQLite it takes a schema name only, then CASCADE or RESTRICT";
		return -1;
	}
	s->end = *q ? q + 1 : q;
	return 1;
}

/* Is the statement at p PRAGMA [schema.]foreign_key_check[(table)]? */
/*
 * 0: not a PRAGMA foreign_key_check; 1: one of a schema or a table; 2:
 * the bare pragma, which SQLite runs on the main database only, and which
 * mig runs on every database (main and each schema).
 */
static int foreign_key_check_kind(const char *p)
{
	const char *q = sqlscan_keywords(p, "PRAGMA"), *name;
	struct strbuf schema = STRBUF_INIT;
	bool qualified = false;

	if (!q)
		return 0;
	name = sqlscan_name(q, &schema);
	strbuf_release(&schema);
	if (name && *sqlscan_blank(name) == '.') {
		q = sqlscan_blank(name) + 1;
		qualified = true;
	}
	if (!(q = sqlscan_keywords(q, "foreign_key_check")))
		return 0;
	q = sqlscan_blank(q);
	return qualified || (*q && *q != ';') ? 1 : 2;
}

/* --- a rebuilt table keeps its triggers ---------------------------------------------
 *
 * The driver's half of a table rebuild (dialect_sqlite_rebuild.h is the
 * contract): the triggers of a table that a rebuild's DROP TABLE removes
 * are kept (as the text SQLite has of them) until the end of the
 * transaction, and when the rebuild's RENAME gives the new table that name,
 * they are created on it. A table dropped for good takes them along.
 */

/* Drops the kept triggers of table schema.name. */
static void forget_triggers(struct sqlite_state *st, const char *schema, const char *name)
{
	size_t kept = 0;

	for (size_t i = 0; i < st->trig_sql.nr; i++) {
		if (strcasecmp(st->trig_schema.items[i], schema) == 0 && strcasecmp(st->trig_table.items[i], name) == 0) {
			free(st->trig_schema.items[i]);
			free(st->trig_table.items[i]);
			free(st->trig_sql.items[i]);
			continue;
		}
		st->trig_schema.items[kept] = st->trig_schema.items[i];
		st->trig_table.items[kept] = st->trig_table.items[i];
		st->trig_sql.items[kept] = st->trig_sql.items[i];
		kept++;
	}
	st->trig_schema.nr = st->trig_table.nr = st->trig_sql.nr = kept;
}

/* Before DROP TABLE schema.name runs: when it is a rebuild's drop, its table's triggers are kept. */
static void save_triggers(struct db *db, const char *schema, const char *name)
{
	struct sqlite_state *st = db->backend;
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *stmt = NULL;
	long n = 0;

	/* what an earlier drop of that name kept is stale now */
	forget_triggers(st, schema, name);
	/* only a rebuild's drop: its temporary table is there, waiting for the name */
	strbuf_addstr(&sql, "SELECT count(*) FROM ");
	dialect_sqlite_append_ident(&sql, schema);
	strbuf_addstr(&sql, ".sqlite_schema WHERE type = 'table' AND name LIKE '%" DIALECT_SQLITE_REBUILD_SUFFIX_LIKE
		      "' ESCAPE '\\'");
	if (run_small(db->conn, sql.buf, NULL, &n) < 0 || n == 0)
		goto out;
	strbuf_setlen(&sql, 0);
	strbuf_addstr(&sql, "SELECT sql FROM ");
	dialect_sqlite_append_ident(&sql, schema);
	strbuf_addstr(&sql, ".sqlite_schema WHERE type = 'trigger' AND tbl_name = ?1 COLLATE NOCASE AND sql IS NOT NULL "
		      "ORDER BY rowid");
	if (sqlite3_prepare_v2(db->conn, sql.buf, -1, &stmt, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_TRANSIENT);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		name_list_add(&st->trig_schema, schema);
		name_list_add(&st->trig_table, name);
		name_list_add(&st->trig_sql, (const char *)sqlite3_column_text(stmt, 0));
	}
out:
	sqlite3_finalize(stmt);
	strbuf_release(&sql);
}

/*
 * The CREATE TRIGGER text SQLite kept, to run again on schema's table: the
 * text names the trigger without a schema (the ON table may not have one),
 * which would create it in main; the name gets the schema.
 */
static void trigger_in_schema(const char *text, const char *schema, struct strbuf *out)
{
	const char *q = sqlscan_keywords(text, "CREATE"), *name, *r;
	struct strbuf ignore = STRBUF_INIT;

	if (q && (sqlscan_keywords(q, "TEMP") || sqlscan_keywords(q, "TEMPORARY")))
		q = NULL; /* a temporary trigger lives in temp, whatever its table */
	if (q)
		q = sqlscan_keywords(q, "TRIGGER");
	if (q && (r = sqlscan_keywords(q, "IF NOT EXISTS")) != NULL)
		q = r;
	name = q ? sqlscan_blank(q) : NULL;
	q = name ? sqlscan_name(name, &ignore) : NULL;
	strbuf_release(&ignore);
	if (!q || strcasecmp(schema, "main") == 0 || *sqlscan_blank(q) == '.') {
		strbuf_addstr(out, text);
		return;
	}
	strbuf_add(out, text, (size_t)(name - text));
	dialect_sqlite_append_ident(out, schema);
	strbuf_addch(out, '.');
	strbuf_addstr(out, name);
}

/*
 * After a rebuild's RENAME (at p of sql) gave table schema.name its name
 * again: the triggers kept for it are created on it.
 */
static int restore_triggers(struct db *db, const char *schema, const char *name, const char *sql, const char *p,
			    struct db_error *err, struct diag *d)
{
	struct sqlite_state *st = db->backend;
	struct strbuf create = STRBUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < st->trig_sql.nr && ret == 0; i++) {
		if (strcasecmp(st->trig_schema.items[i], schema) != 0 || strcasecmp(st->trig_table.items[i], name) != 0)
			continue;
		strbuf_setlen(&create, 0);
		trigger_in_schema(st->trig_sql.items[i], schema, &create);
		if (run_small(db->conn, create.buf, NULL, NULL) < 0) {
			ret = last_error(db->conn, sql, p, err, d);
			diag_detail(d, "table \"%s\" was rebuilt, and its trigger cannot be created again as it was: %s",
				    name, st->trig_sql.items[i]);
		}
	}
	forget_triggers(st, schema, name);
	strbuf_release(&create);
	return ret;
}

/* --- carrying out CREATE SCHEMA and DROP SCHEMA --------------------------------- */

/* An error of ours about a statement at `at` of sql (not SQLite's: no code in the message). */
static int own_error(const char *sql, const char *at, struct db_error *err)
{
	if (err) {
		err->sqlstate[0] = '\0';
		err->sqlite_code = SQLITE_ERROR;
		err->position = char_position(sql, at) + 1;
	}
	return -1;
}

static int create_schema(struct db *db, const struct schema_stmt *s, const char *sql, const char *at,
			 struct db_error *err, struct diag *d)
{
	struct sqlite_state *st = db->backend;
	struct strbuf path = STRBUF_INIT, file = STRBUF_INIT;
	bool exists;
	int ret = 0;

	if (strcasecmp(s->name.buf, "main") == 0 || strcasecmp(s->name.buf, "temp") == 0 ||
	    strchr(s->name.buf, '/')) {
		diag_error(d, "schema \"%s\" cannot be created on SQLite: the name is %s", s->name.buf,
			   strchr(s->name.buf, '/') ? "part of a file's name, and cannot hold '/'" : "SQLite's own");
		return own_error(sql, at, err);
	}
	db_sqlite_schema_path(db->cfg->sqlite_path, s->name.buf, &path);
	exists = is_attached(db->conn, s->name.buf) ||
		 (db_sqlite_filename(path.buf, &file) && access(file.buf, F_OK) == 0);
	if (exists && !s->if_exists) {
		diag_error(d, "schema \"%s\" already exists", s->name.buf);
		if (file.len)
			diag_detail(d, "its file is %s", file.buf);
		ret = own_error(sql, at, err);
	} else if (!exists) {
		if (attach(db->conn, path.buf, s->name.buf) < 0)
			ret = last_error(db->conn, sql, at, err, d);
		else if (!sqlite3_get_autocommit(db->conn))
			name_list_add(&st->created, s->name.buf);
	} else if (!is_attached(db->conn, s->name.buf) && attach(db->conn, path.buf, s->name.buf) < 0) {
		/* IF NOT EXISTS, and its file appeared since the connection attached the others */
		ret = last_error(db->conn, sql, at, err, d);
	}
	strbuf_release(&path);
	strbuf_release(&file);
	return ret;
}

/* DROP SCHEMA ... CASCADE: its tables and views go first (their indexes and triggers with them). */
static int drop_contents(struct db *db, const char *schema)
{
	struct strbuf sql = STRBUF_INIT;
	struct name_list drops = { 0 };
	sqlite3_stmt *stmt = NULL;
	int rc;

	strbuf_addstr(&sql, "SELECT type, name FROM ");
	dialect_sqlite_append_ident(&sql, schema);
	strbuf_addstr(&sql, ".sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'");
	rc = sqlite3_prepare_v2(db->conn, sql.buf, -1, &stmt, NULL);
	while (rc == SQLITE_OK || rc == SQLITE_ROW) {
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW) {
			strbuf_setlen(&sql, 0);
			strbuf_addf(&sql, "DROP %s ", strcmp((const char *)sqlite3_column_text(stmt, 0), "view") == 0 ?
				    "VIEW" : "TABLE");
			dialect_sqlite_append_ident(&sql, schema);
			strbuf_addch(&sql, '.');
			dialect_sqlite_append_ident(&sql, (const char *)sqlite3_column_text(stmt, 1));
			name_list_add(&drops, sql.buf);
		}
	}
	sqlite3_finalize(stmt);
	for (size_t i = 0; rc == SQLITE_DONE && i < drops.nr; i++)
		rc = run_small(db->conn, drops.items[i], NULL, NULL) == 0 ? SQLITE_DONE : SQLITE_ERROR;
	name_list_release(&drops);
	strbuf_release(&sql);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int drop_schema(struct db *db, const struct schema_stmt *s, const char *sql, const char *at,
		       struct db_error *err, struct diag *d)
{
	struct sqlite_state *st = db->backend;
	struct strbuf count = STRBUF_INIT;
	long n = 0;
	int ret = 0;

	if (!is_attached(db->conn, s->name.buf)) {
		if (s->if_exists)
			return 0;
		diag_error(d, "schema \"%s\" does not exist", s->name.buf);
		return own_error(sql, at, err);
	}
	if (strcasecmp(s->name.buf, "main") == 0 || strcasecmp(s->name.buf, "temp") == 0) {
		diag_error(d, "schema \"%s\" cannot be dropped: it is SQLite's own", s->name.buf);
		return own_error(sql, at, err);
	}
	if (s->cascade && drop_contents(db, s->name.buf) < 0)
		return last_error(db->conn, sql, at, err, d);
	/* SQLite's own tables (sqlite_sequence, sqlite_stat1) stay behind when the last user table goes */
	strbuf_addstr(&count, "SELECT count(*) FROM ");
	dialect_sqlite_append_ident(&count, s->name.buf);
	strbuf_addstr(&count, ".sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'");
	if (run_small(db->conn, count.buf, NULL, &n) < 0) {
		ret = last_error(db->conn, sql, at, err, d);
	} else if (n > 0) {
		diag_error(d, "cannot drop schema \"%s\": it still holds %ld object%s (tables, views, indexes or "
			   "triggers)", s->name.buf, n, n == 1 ? "" : "s");
		diag_hint(d, "drop them first, or use DROP SCHEMA ... CASCADE");
		ret = own_error(sql, at, err);
	} else if (!sqlite3_get_autocommit(db->conn)) {
		/* detaching must wait for the end of the transaction (the DROP TABLEs before it may roll back) */
		name_list_add(&st->dropped, s->name.buf);
	} else {
		struct strbuf why = STRBUF_INIT;
		if (detach_and_remove(db, s->name.buf, &why) < 0) {
			diag_error(d, "schema \"%s\": cannot detach it or remove its file: %s", s->name.buf, why.buf);
			ret = own_error(sql, at, err);
		}
		strbuf_release(&why);
	}
	strbuf_release(&count);
	return ret;
}

/* --- running statements ---------------------------------------------------------- */

/* Steps a PRAGMA foreign_key_check through its rows: any row is a violation, the first one named. */
static int foreign_key_check(sqlite3_stmt *stmt, const char *schema, const char *sql, const char *at,
			     struct db_error *err, struct diag *d)
{
	struct strbuf msg = STRBUF_INIT, table = STRBUF_INIT, parent = STRBUF_INIT, rowid = STRBUF_INIT;
	long rows = 0;
	int rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		/* table, rowid, parent, fkid */
		if (rows++ == 0) {
			const char *t = (const char *)sqlite3_column_text(stmt, 0);
			const char *r = (const char *)sqlite3_column_text(stmt, 1);
			const char *p = (const char *)sqlite3_column_text(stmt, 2);
			if (schema && strcmp(schema, "main") != 0) {
				strbuf_addf(&table, "%s.", schema);
				strbuf_addf(&parent, "%s.", schema);
			}
			strbuf_addstr(&table, t ? t : "?");
			strbuf_addstr(&parent, p ? p : "?");
			if (r)
				strbuf_addstr(&rowid, r);
		}
	}
	if (rc != SQLITE_DONE) {
		strbuf_release(&msg);
		strbuf_release(&table);
		strbuf_release(&parent);
		strbuf_release(&rowid);
		return -1;
	}
	if (rows) {
		if (rowid.len)
			strbuf_addf(&msg, "foreign key violation: the row of table \"%s\" with rowid %s references a row "
				    "of \"%s\" that does not exist", table.buf, rowid.buf, parent.buf);
		else
			strbuf_addf(&msg, "foreign key violation: a row of table \"%s\" references a row of \"%s\" that "
				    "does not exist", table.buf, parent.buf);
		db_sqlite_fail(SQLITE_CONSTRAINT_FOREIGNKEY, msg.buf, sql, at, err, d);
		if (rows > 1)
			diag_detail(d, "%ld rows violate foreign keys; PRAGMA foreign_key_check lists them", rows);
		/* SQLite enforces keys only where the application turns them on: the row may be older */
		diag_hint(d, "the migration may have left it, or it was there before (SQLite checks foreign keys only "
			  "when they are on); PRAGMA foreign_key_check lists such rows, and the migration can fix them");
	}
	strbuf_release(&msg);
	strbuf_release(&table);
	strbuf_release(&parent);
	strbuf_release(&rowid);
	return rows ? 1 : 0;
}

/* PRAGMA "s".foreign_key_check for every database of the connection but temp. */
static int foreign_key_check_all(struct db *db, const char *sql, const char *at, struct db_error *err,
				 struct diag *d)
{
	struct name_list schemas = { 0 };
	struct strbuf pragma = STRBUF_INIT;
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(db->conn, "SELECT name FROM pragma_database_list WHERE name <> 'temp' ORDER BY seq",
				    -1, &stmt, NULL);
	int ret = 0;

	while (rc == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
		name_list_add(&schemas, (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	if (rc != SQLITE_OK)
		return last_error(db->conn, sql, at, err, d);
	for (size_t i = 0; i < schemas.nr && ret == 0; i++) {
		strbuf_setlen(&pragma, 0);
		strbuf_addstr(&pragma, "PRAGMA ");
		dialect_sqlite_append_ident(&pragma, schemas.items[i]);
		strbuf_addstr(&pragma, ".foreign_key_check");
		if (sqlite3_prepare_v2(db->conn, pragma.buf, -1, &stmt, NULL) != SQLITE_OK) {
			ret = last_error(db->conn, sql, at, err, d);
			break;
		}
		rc = foreign_key_check(stmt, schemas.items[i], sql, at, err, d);
		if (rc < 0)
			ret = last_error(db->conn, sql, at, err, d);
		else if (rc > 0)
			ret = -1;
		sqlite3_finalize(stmt);
	}
	name_list_release(&schemas);
	strbuf_release(&pragma);
	return ret;
}

/* Runs one prepared statement to its end (rows are not wanted). Returns 0 or -1 with d set. */
static int run_statement(struct db *db, sqlite3_stmt *stmt, const char *sql, const char *at,
			 struct db_error *err, struct diag *d)
{
	int rc, kind = foreign_key_check_kind(at);

	if (kind == 1) {
		rc = foreign_key_check(stmt, NULL, sql, at, err, d);
		if (rc > 0)
			return -1;
		return rc < 0 ? last_error(db->conn, sql, at, err, d) : 0;
	}
	if (kind == 2)
		return foreign_key_check_all(db, sql, at, err, d);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		;
	return rc == SQLITE_DONE ? 0 : last_error(db->conn, sql, at, err, d);
}

int db_sqlite_exec(struct db *db, const char *sql, struct db_error *err, struct diag *d)
{
	struct sqlite_state *st = db->backend;
	const char *p = sql;
	int ok = 0, ret = 0;

	if (err)
		memset(err, 0, sizeof(*err));
	while (ret == 0 && *(p = sqlscan_blank(p))) {
		struct schema_stmt s = { .name = STRBUF_INIT };
		bool in_transaction = !sqlite3_get_autocommit(db->conn);
		const char *why = NULL;
		int kind = parse_schema_stmt(p, &s, &why);

		st->rolled_back = false;
		if (kind < 0) {
			diag_error(d, "%s SCHEMA: %s", s.create ? "CREATE" : "DROP", why);
			ret = own_error(sql, p, err);
		} else if (kind > 0) {
			ret = s.create ? create_schema(db, &s, sql, p, err, d) : drop_schema(db, &s, sql, p, err, d);
			p = s.end;
		} else {
			sqlite3_stmt *stmt = NULL;
			const char *tail = NULL;
			if (sqlite3_prepare_v2(db->conn, p, -1, &stmt, &tail) != SQLITE_OK) {
				ret = last_error(db->conn, sql, p, err, d);
			} else if (!stmt) {
				/* only comments were left */
				p = tail;
				strbuf_release(&s.name);
				continue;
			} else {
				struct strbuf schema = STRBUF_INIT, table = STRBUF_INIT;
				enum dialect_sqlite_rebuild_step step = dialect_sqlite_rebuild_step(p, &schema, &table, NULL);
				if (step == DIALECT_SQLITE_REBUILD_DROP)
					save_triggers(db, schema.buf, table.buf);
				ret = run_statement(db, stmt, sql, p, err, d);
				if (ret == 0 && step == DIALECT_SQLITE_REBUILD_RENAME && st->trig_sql.nr)
					ret = restore_triggers(db, schema.buf, table.buf, sql, p, err, d);
				strbuf_release(&schema);
				strbuf_release(&table);
				p = tail;
			}
			sqlite3_finalize(stmt);
		}
		strbuf_release(&s.name);
		after_statement(db, in_transaction);
		if (ret == 0)
			ok++;
	}
	if (err)
		err->results_ok = ok;
	return ret;
}

/* Binds params to stmt's parameters by number: $1 and ?1 are params[0]; a bare ? takes its position. */
static int bind_params(sqlite3_stmt *stmt, int nparams, const char *const *params, struct diag *d)
{
	int n = sqlite3_bind_parameter_count(stmt);

	for (int i = 1; i <= n; i++) {
		const char *name = sqlite3_bind_parameter_name(stmt, i);
		long k = i;
		if (name && (!name[1] || strspn(name + 1, "0123456789") != strlen(name + 1)))
			return diag_error(d, "query parameter %s: number the parameters ($1, $2, ...)", name);
		if (name)
			k = strtol(name + 1, NULL, 10);
		if (k < 1 || k > nparams)
			return diag_error(d, "query parameter %s has no value", name ? name : "?");
		if (sqlite3_bind_text(stmt, i, params[k - 1], -1, SQLITE_TRANSIENT) != SQLITE_OK)
			return diag_error(d, "query parameter %s: cannot bind it", name ? name : "?");
	}
	return 0;
}

int db_sqlite_query(struct db *db, const char *sql, int nparams, const char *const *params,
		    struct db_result *out, struct diag *d)
{
	struct sqlite_state *st = db->backend;
	bool in_transaction = !sqlite3_get_autocommit(db->conn);
	sqlite3_stmt *stmt = NULL;
	const char *tail = NULL;
	size_t nr = 0, alloc = 0;
	char **cells = NULL; /* nrows * ncols owned values, row by row, NULL for SQL NULL */
	int rc, ret = -1;

	memset(out, 0, sizeof(*out));
	st->rolled_back = false;
	if (sqlite3_prepare_v2(db->conn, sql, -1, &stmt, &tail) != SQLITE_OK) {
		last_error(db->conn, sql, sql, NULL, d);
		goto out;
	}
	if (!stmt || *sqlscan_blank(tail)) {
		diag_error(d, "a query must be one statement: %s", sql);
		goto out;
	}
	if (bind_params(stmt, nparams, params, d) < 0)
		goto out;
	out->ncols = sqlite3_column_count(stmt);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		ALLOC_GROW(cells, nr + (size_t)out->ncols + 1, alloc);
		for (int c = 0; c < out->ncols; c++) {
			const char *v = (const char *)sqlite3_column_text(stmt, c);
			cells[nr++] = v ? xstrdup(v) : NULL;
		}
		out->nrows++;
	}
	if (rc != SQLITE_DONE) {
		last_error(db->conn, sql, sql, NULL, d);
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(stmt);
	after_statement(db, in_transaction);
	out->res = cells;
	if (ret < 0)
		db_sqlite_result_release(out);
	return ret;
}

const char *db_sqlite_value(const struct db_result *res, int row, int col)
{
	char **cells = res->res;

	return cells[(size_t)row * (size_t)res->ncols + (size_t)col];
}

void db_sqlite_result_release(struct db_result *res)
{
	char **cells = res->res;

	for (size_t i = 0; cells && i < (size_t)res->nrows * (size_t)res->ncols; i++)
		free(cells[i]);
	free(cells);
	memset(res, 0, sizeof(*res));
}

bool db_sqlite_error_lock_timeout(const struct db_error *err)
{
	/* SQLITE_BUSY: the busy timeout ran out */
	return (err->sqlite_code & 0xff) == SQLITE_BUSY;
}
