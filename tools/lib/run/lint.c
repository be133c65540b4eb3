#include "lint.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "diag.h"
#include "dialect.h"
#include "fs.h"
#include "json.h"
#include "migfile.h"
#include "model.h"
#include "model_xml.h"
#include "sqlsplit.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

const struct lint_rule lint_rules[LINT_NR_RULES] = {
	[LINT_INDEX_NOT_CONCURRENT] = {
		"index-not-concurrent", LINT_WARNING,
		"CREATE INDEX without CONCURRENTLY on an existing table blocks writes (SHARE lock) for the whole build",
		"CREATE INDEX CONCURRENTLY, in a migration of its own with `-- mig:transaction off`" },
	[LINT_DROP_INDEX_NOT_CONCURRENT] = {
		"drop-index-not-concurrent", LINT_WARNING,
		"DROP INDEX without CONCURRENTLY takes ACCESS EXCLUSIVE on the index's table",
		"DROP INDEX CONCURRENTLY, in a migration of its own with `-- mig:transaction off`" },
	[LINT_CONCURRENTLY_IN_TRANSACTION] = {
		"concurrently-in-transaction", LINT_ERROR,
		"CREATE/DROP INDEX CONCURRENTLY or REINDEX CONCURRENTLY cannot run inside a transaction: the migration fails",
		"put the statement in a migration with `-- mig:transaction off`" },
	[LINT_FOREIGN_KEY_VALIDATES] = {
		"foreign-key-validates", LINT_WARNING,
		"ADD FOREIGN KEY without NOT VALID scans the table under SHARE ROW EXCLUSIVE on both tables",
		"ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID, then ALTER TABLE ... VALIDATE CONSTRAINT in another "
		"transaction (SHARE UPDATE EXCLUSIVE: writes go on)" },
	[LINT_CHECK_VALIDATES] = {
		"check-validates", LINT_WARNING,
		"ADD CHECK without NOT VALID scans the table under ACCESS EXCLUSIVE",
		"ADD CONSTRAINT ... CHECK (...) NOT VALID, then ALTER TABLE ... VALIDATE CONSTRAINT in another "
		"transaction (SHARE UPDATE EXCLUSIVE: writes go on)" },
	[LINT_UNIQUE_CONSTRAINT_BUILDS_INDEX] = {
		"unique-constraint-builds-index", LINT_WARNING,
		"ADD UNIQUE or PRIMARY KEY builds its index under ACCESS EXCLUSIVE",
		"CREATE UNIQUE INDEX CONCURRENTLY (transaction off), then ALTER TABLE ... ADD CONSTRAINT ... "
		"UNIQUE USING INDEX (or PRIMARY KEY USING INDEX)" },
	[LINT_SET_NOT_NULL_SCANS] = {
		"set-not-null-scans", LINT_WARNING,
		"SET NOT NULL scans the table under ACCESS EXCLUSIVE unless a validated CHECK (col IS NOT NULL) proves it",
		"ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT c (another transaction); "
		"SET NOT NULL (no scan); DROP CONSTRAINT c" },
	[LINT_TYPE_CHANGE_REWRITES] = {
		"type-change-rewrites", LINT_WARNING,
		"ALTER COLUMN TYPE rewrites the table and its indexes under ACCESS EXCLUSIVE",
		"add a new column, backfill it in batches, switch the code over, then drop the old one (expand/contract); "
		"widenings that do not rewrite: varchar(n) to varchar(m >= n) or text, numeric(p,s) to numeric(p2 >= p,s), "
		"cidr to inet" },
	[LINT_VOLATILE_DEFAULT_REWRITES] = {
		"volatile-default-rewrites", LINT_WARNING,
		"ADD COLUMN with a volatile default (or serial, identity, GENERATED ... STORED) rewrites the table under "
		"ACCESS EXCLUSIVE",
		"add the column without the default (or with a constant one), SET DEFAULT, backfill existing rows in batches" },
	[LINT_DROP_COLUMN] = {
		"drop-column", LINT_WARNING,
		"DROP COLUMN breaks deployed code that still reads or writes the column",
		"deploy the code that stops using the column first, then drop it in a later migration" },
	[LINT_DROP_TABLE] = {
		"drop-table", LINT_WARNING,
		"DROP TABLE breaks deployed code that still uses the table",
		"deploy the code that stops using the table first, then drop it in a later migration" },
	[LINT_RENAME_COLUMN] = {
		"rename-column", LINT_WARNING,
		"RENAME COLUMN breaks deployed code that uses the old name",
		"expand/contract: add the new column, write both, backfill, switch reads, drop the old one; or a view "
		"with the old name" },
	[LINT_RENAME_TABLE] = {
		"rename-table", LINT_WARNING,
		"RENAME TABLE breaks deployed code that uses the old name",
		"expand/contract, or rename and leave a view with the old name until the code is deployed" },
	[LINT_ENUM_VALUE_USED_IN_TRANSACTION] = {
		"enum-value-used-in-transaction", LINT_ERROR,
		"an enum value added by ALTER TYPE ... ADD VALUE is used in the same transaction: the migration fails",
		"add the value in a migration of its own (it commits first), use it in the next one" },
	[LINT_NO_LOCK_TIMEOUT] = {
		"no-lock-timeout", LINT_WARNING,
		"a strong lock on an existing table without lock_timeout: while it waits, every query on the table queues "
		"behind it",
		"SET lock_timeout = '2s' (SET LOCAL in a transaction) before the first such statement, or run mig-apply "
		"--lock-timeout, and retry" },
	[LINT_DATA_CHANGE_WITH_DDL] = {
		"data-change-with-ddl", LINT_WARNING,
		"a data change (UPDATE, DELETE, INSERT ... SELECT) in the transaction of a strong lock on an existing "
		"table: the lock is held for the whole data change",
		"move the data change to a migration of its own (in batches), before or after the schema change" },
	[LINT_SQLITE_TABLE_REBUILD] = {
		"sqlite-table-rebuild", LINT_INFO,
		"the table is rebuilt: every row is copied under the database's write lock",
		"expect the write lock for the copy; run it when the table is small or writes can wait" },
};

int lint_rule_find(const char *id)
{
	for (int i = 0; i < LINT_NR_RULES; i++)
		if (strcmp(lint_rules[i].id, id) == 0)
			return i;
	return -1;
}

const char *lint_severity_name(enum lint_severity s)
{
	switch (s) {
	case LINT_ERROR:
		return "error";
	case LINT_WARNING:
		return "warning";
	case LINT_INFO:
		break;
	}
	return "info";
}

void lint_report_init(struct lint_report *r)
{
	memset(r, 0, sizeof(*r));
}

void lint_report_release(struct lint_report *r)
{
	for (size_t i = 0; i < r->nr; i++) {
		free(r->findings[i].file);
		free(r->findings[i].message);
		free(r->findings[i].table);
		free(r->findings[i].reason);
	}
	for (size_t i = 0; i < r->nr_locks; i++) {
		free(r->locks[i].file);
		free(r->locks[i].what);
		free(r->locks[i].table);
	}
	free(r->findings);
	free(r->locks);
	lint_report_init(r);
}

int lint_report_count(const struct lint_report *r)
{
	int n = 0;

	for (size_t i = 0; i < r->nr; i++)
		if (!r->findings[i].acknowledged && lint_rules[r->findings[i].rule].severity != LINT_INFO)
			n++;
	return n;
}

void lint_add(struct lint_report *r, const struct lint_section *s, int line, enum lint_rule_id rule,
	      const char *table, const char *lock, bool rewrites, bool scans, const char *fmt, ...)
{
	struct lint_finding *f;
	struct strbuf msg = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	ALLOC_GROW(r->findings, r->nr + 1, r->alloc);
	f = &r->findings[r->nr++];
	memset(f, 0, sizeof(*f));
	f->file = xstrdup(s->file);
	f->line = line;
	f->rule = rule;
	f->message = strbuf_detach(&msg, NULL);
	f->table = table ? xstrdup(table) : NULL;
	f->lock = lock;
	f->rewrites = rewrites;
	f->scans = scans;
}

void lint_add_lock(struct lint_report *r, const struct lint_section *s, int line, const char *what,
		   const char *table, const char *lock, bool rewrites, bool scans, bool is_new)
{
	struct lint_lock *l;

	ALLOC_GROW(r->locks, r->nr_locks + 1, r->alloc_locks);
	l = &r->locks[r->nr_locks++];
	l->file = xstrdup(s->file);
	l->line = line;
	l->what = xstrdup(what);
	l->table = table ? xstrdup(table) : NULL;
	l->lock = lock;
	l->rewrites = rewrites;
	l->scans = scans;
	l->is_new = is_new;
}

/* --- acknowledgements ------------------------------------------------------ */

#define ACK_PREFIX "-- mig:lint-ok"

/* One `-- mig:lint-ok` comment: the rules it names (a bit each) and its reason. */
struct ack {
	int line;        /* in the file */
	int target;      /* the line of the statement it covers (0: the whole file) */
	bool rules[LINT_NR_RULES];
	char *reason;    /* owned, optional */
};

struct acks {
	struct ack *items;
	size_t nr, alloc;
};

static void acks_release(struct acks *a)
{
	for (size_t i = 0; i < a->nr; i++)
		free(a->items[i].reason);
	free(a->items);
}

/*
 * Reads the acknowledgement on the line at p (of file, line line), if the
 * line is one, covering target. -1 with d set for an unknown rule.
 */
static int parse_ack(const char *p, const char *end, const char *file, int line, int target, struct acks *a,
		     struct diag *d)
{
	struct ack *k;
	const char *q;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if ((size_t)(end - p) < strlen(ACK_PREFIX) || strncmp(p, ACK_PREFIX, strlen(ACK_PREFIX)) != 0)
		return 0;
	p += strlen(ACK_PREFIX);
	if (p < end && *p != ' ' && *p != '\t')
		return 0; /* -- mig:lint-okay ... is some other comment */
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	ALLOC_GROW(a->items, a->nr + 1, a->alloc);
	k = &a->items[a->nr++];
	memset(k, 0, sizeof(*k));
	k->line = line;
	k->target = target;
	if (p == end || *p == '\r')
		return diag_error_at(d, file, line, "mig:lint-ok names no rule");
	for (;;) {
		struct strbuf id = STRBUF_INIT;
		int rule;

		for (q = p; q < end && *q != ',' && *q != ' ' && *q != '\t' && *q != '\r'; q++)
			;
		strbuf_add(&id, p, (size_t)(q - p));
		rule = lint_rule_find(id.buf);
		if (rule < 0) {
			diag_error_at(d, file, line, "mig:lint-ok names an unknown rule \"%s\"", id.buf);
			diag_hint(d, "the rules are listed by mig-lint --help and in mig-lint(1)");
			strbuf_release(&id);
			return -1;
		}
		strbuf_release(&id);
		k->rules[rule] = true;
		p = q;
		if (p < end && *p == ',') {
			/* "a,b" or "a, b" */
			for (p++; p < end && (*p == ' ' || *p == '\t'); p++)
				;
			continue;
		}
		break;
	}
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	q = end;
	while (q > p && (q[-1] == '\r' || q[-1] == ' ' || q[-1] == '\t'))
		q--;
	if (q > p)
		k->reason = xstrndup(p, (size_t)(q - p));
	return 0;
}

/* The acknowledgements of text's lines [from_line, to_line) (1-based, of the file), covering target. */
static int scan_acks(const char *text, struct line_cursor *lines, int text_line, size_t from, size_t to,
		     const char *file, int target, struct acks *a, struct diag *d)
{
	size_t off = from;

	while (off < to) {
		const char *nl = memchr(text + off, '\n', to - off);
		size_t eol = nl ? (size_t)(nl - text) : to;

		if (parse_ack(text + off, text + eol, file, text_line + sqlsplit_line_at(text, lines, off) - 1,
			      target, a, d) < 0)
			return -1;
		off = eol + 1;
	}
	return 0;
}

/*
 * The acknowledgements of one section: for each statement, the comment lines
 * between its start (comments before it included) and its first token's line.
 */
static int split_section(const struct dialect *dl, const char *file, const char *sql, int first_line,
			 struct sql_script *script, struct diag *d)
{
	if (dl->split(sql, script, d) < 0) {
		if (d->line)
			d->line += first_line - 1;
		free(d->file);
		d->file = xstrdup(file);
		return -1;
	}
	return 0;
}

static int section_acks(const char *file, const char *sql, const struct sql_script *split, int first_line,
			struct acks *a, struct diag *d)
{
	const struct sql_script script = *split;
	struct line_cursor lines = { 0 }, ack_lines = { 0 }; /* each moves forward only */
	size_t total = strlen(sql);
	int r = 0;

	for (size_t i = 0; i < script.nr && r == 0; i++) {
		const struct sql_stmt *st = &script.stmts[i];
		size_t from = i ? script.stmts[i - 1].start + script.stmts[i - 1].len : 0;
		size_t to = st->start;

		/* the comments before the statement, whether the splitter gave them to it or not */
		while (to < total && sqlsplit_line_at(sql, &lines, to) < st->line) {
			const char *nl = strchr(sql + to, '\n');

			if (!nl)
				break;
			to = (size_t)(nl - sql) + 1;
		}
		r = scan_acks(sql, &ack_lines, first_line, from, to, file, first_line + st->line - 1, a, d);
	}
	return r;
}

static void apply_acks(struct lint_report *r, size_t from, const struct acks *a)
{
	for (size_t i = from; i < r->nr; i++) {
		struct lint_finding *f = &r->findings[i];

		for (size_t k = 0; k < a->nr && !f->acknowledged; k++) {
			const struct ack *ack = &a->items[k];

			if (!ack->rules[f->rule] || (ack->target && ack->target != f->line))
				continue;
			f->acknowledged = true;
			f->ack_line = ack->line;
			f->reason = ack->reason ? xstrdup(ack->reason) : NULL;
		}
	}
}

static int lint_section_run(const struct lint_options *o, const struct migfile *mf, const char *path,
			    const char *sql, const struct sql_script *script, struct lint_up_facts *facts, int line,
			    bool down, struct lint_report *out, struct diag *d)
{
	struct lint_section s = { path, sql, line, down, mf->transaction, down ? o->after : o->before, o->db,
				  down ? mf->up : NULL, script, facts };

	if (!o->dialect->lint)
		return 0;
	return o->dialect->lint(&s, out, d);
}

/* The findings from first on by line, in the order found on a line (a stable insertion sort: few findings). */
static void sort_findings(struct lint_report *r, size_t first)
{
	for (size_t i = first + 1; i < r->nr; i++) {
		struct lint_finding f = r->findings[i];
		size_t k = i;

		while (k > first && r->findings[k - 1].line > f.line) {
			r->findings[k] = r->findings[k - 1];
			k--;
		}
		r->findings[k] = f;
	}
}

/*
 * migfile_parse(), for a file of any name (a file under review, a golden
 * copy): the name a migration would have is checked against its revision,
 * which does not matter to the lint.
 */
static int parse_any_name(struct migfile *mf, const char *path, const char *text, size_t len, struct diag *d)
{
	static const char key[] = "-- mig:revision ";
	struct strbuf as = STRBUF_INIT;
	const char *p = text, *end = text + len;
	int r;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;

		if ((size_t)(eol - p) > strlen(key) && strncmp(p, key, strlen(key)) == 0) {
			const char *slash = strrchr(path, '/');
			const char *v = p + strlen(key), *ve = eol;

			while (ve > v && (ve[-1] == '\r' || ve[-1] == ' ' || ve[-1] == '\t'))
				ve--;
			if (slash)
				strbuf_add(&as, path, (size_t)(slash - path + 1));
			strbuf_add(&as, v, (size_t)(ve - v));
			strbuf_addstr(&as, ".sql");
			break;
		}
		if (strncmp(p, "-- mig:up", 9) == 0)
			break;
		p = eol + 1;
	}
	r = migfile_parse(mf, as.len ? as.buf : path, text, len, d);
	if (r < 0 && d->file && as.len) {
		free(d->file);
		d->file = xstrdup(path);
	}
	strbuf_release(&as);
	return r;
}

/*
 * lint_file()'s states, loaded for the section that reads each: the
 * before for the up, the after for the down (two models of a large schema
 * are not held at once).
 */
struct section_states {
	const char *path;
	struct strbuf *text; /* the file's text: released once its sections are read */
	char *parent;   /* owned, or NULL */
	char *revision; /* owned, or NULL */
	char *state_sum; /* owned, or NULL: the header's checksum of the after state */
	struct model before, after;
	bool have_before, have_after;
};

static bool load_state(const char *path, const char *name, const char *sum, struct model *m);

static void states_for(struct section_states *st, struct lint_options *o, bool down)
{
	if (!st)
		return;
	if (down && st->have_before) {
		model_release(&st->before);
		st->have_before = false;
		o->before = NULL;
	}
	if (!down && st->parent && (st->have_before = load_state(st->path, st->parent, NULL, &st->before)))
		o->before = &st->before;
	if (down && st->revision && (st->have_after = load_state(st->path, st->revision, st->state_sum, &st->after)))
		o->after = &st->after;
}

/*
 * Lints mf's sections (its up section freed once its facts are known),
 * acks the header's acknowledgements; st (or NULL) loads the states.
 */
static int lint_sections(const struct lint_options *lo, const char *path, struct migfile *mf, struct acks *acks,
			 struct section_states *st, struct lint_report *out, struct diag *d)
{
	struct lint_options opts = *lo, *o = &opts;
	struct sql_script up = { 0 }, down = { 0 };
	struct lint_up_facts facts = { false, STRMAP_INIT, STRMAP_INIT };
	size_t first = out->nr;
	int r = -1;

	/* each section split once: for the acknowledgements and the dialect's lint */
	if (split_section(o->dialect, path, mf->up, mf->up_line, &up, d) < 0 ||
	    section_acks(path, mf->up, &up, mf->up_line, acks, d) < 0)
		goto out;
	if (mf->down && (split_section(o->dialect, path, mf->down, mf->down_line, &down, d) < 0 ||
			 section_acks(path, mf->down, &down, mf->down_line, acks, d) < 0))
		goto out;
	states_for(st, o, false);
	if (lint_section_run(o, mf, path, mf->up, &up, &facts, mf->up_line, false, out, d) < 0)
		goto out;
	if (facts.known) {
		/* the down's lint takes the up's facts, not its text: not held any longer (still non-NULL: there is an up) */
		free(mf->up);
		mf->up = xstrdup("");
		sqlsplit_script_release(&up);
	}
	if (mf->down)
		states_for(st, o, true);
	if (mf->down && lint_section_run(o, mf, path, mf->down, &down, &facts, mf->down_line, true, out, d) < 0)
		goto out;
	sort_findings(out, first);
	apply_acks(out, first, acks);
	out->files++;
	r = 0;
out:
	sqlsplit_script_release(&up);
	sqlsplit_script_release(&down);
	strmap_release(&facts.tables);
	strmap_release(&facts.columns);
	return r;
}

static int lint_text_states(const struct lint_options *lo, const char *path, const char *text, size_t len,
			    struct section_states *st, struct lint_report *out, struct diag *d)
{
	struct migfile mf;
	struct acks acks = { 0 };
	int r = -1;

	migfile_init(&mf);
	if (parse_any_name(&mf, path, text, len, d) < 0)
		goto out;
	/* the header: every line before `-- mig:up` */
	{
		size_t off = 0;
		int line = 1;

		while (off < len && line < mf.up_line - 1) {
			const char *nl = memchr(text + off, '\n', len - off);
			size_t eol = nl ? (size_t)(nl - text) : len;

			if (parse_ack(text + off, text + eol, path, line, 0, &acks, d) < 0)
				goto out;
			off = eol + 1;
			line++;
		}
	}
	if (st && st->text) {
		strbuf_release(st->text); /* the sections are mf's own copies */
		text = NULL;
	}
	r = lint_sections(lo, path, &mf, &acks, st, out, d);
out:
	acks_release(&acks);
	migfile_release(&mf);
	return r;
}

int lint_migfile(const struct lint_options *o, const char *path, struct migfile *mf, struct lint_report *out,
		 struct diag *d)
{
	struct acks acks = { 0 };
	int r = lint_sections(o, path, mf, &acks, NULL, out, d);

	acks_release(&acks);
	return r;
}

int lint_text(const struct lint_options *o, const char *path, const char *text, size_t len,
	      struct lint_report *out, struct diag *d)
{
	return lint_text_states(o, path, text, len, NULL, out, d);
}

/* DIR/state/<name>.xml for path DIR/<dialect>/<file>. */
static void state_path(const char *path, const char *name, struct strbuf *out)
{
	const char *slash = strrchr(path, '/');
	size_t dir_len;

	strbuf_reset(out);
	if (!slash || !name)
		return;
	dir_len = (size_t)(slash - path);
	while (dir_len && path[dir_len - 1] != '/')
		dir_len--;
	strbuf_add(out, path, dir_len);
	strbuf_addf(out, "state/%s.xml", name);
}

/* The recorded state name into m when it exists and loads (else the types stay unknown: the lint goes on). */
static bool load_state(const char *path, const char *name, const char *sum, struct model *m)
{
	struct strbuf state = STRBUF_INIT;
	struct diag ignored = DIAG_INIT;
	bool ok = false;

	state_path(path, name, &state);
	if (state.len && access(state.buf, R_OK) == 0) {
		model_init(m);
		ok = model_xml_load_file(m, state.buf, sum, &ignored) == 0;
		if (!ok)
			model_release(m);
	}
	diag_release(&ignored);
	strbuf_release(&state);
	return ok;
}

int lint_file(const struct lint_options *o, const char *path, struct lint_report *out, struct diag *d)
{
	struct strbuf text = STRBUF_INIT;
	struct section_states st = { path, &text, NULL, NULL, NULL, MODEL_INIT, MODEL_INIT, false, false };
	int r;

	if (strbuf_read_file(&text, path) < 0) {
		strbuf_release(&text);
		return diag_error_at(d, path, 0, "cannot read the file: %s", strerror(errno));
	}
	if (!o->before && !o->after) {
		struct migfile mf;
		struct diag ignored = DIAG_INIT;

		migfile_init(&mf);
		if (parse_any_name(&mf, path, text.buf, text.len, &ignored) == 0) {
			st.parent = mf.parents.nr == 1 ? xstrdup(mf.parents.items[0]) : NULL;
			st.revision = xstrdup(mf.revision);
			/* the header's checksum of its state: what mig-gen wrote, unchanged, needs no schema check */
			st.state_sum = mf.state_sum ? xstrdup(mf.state_sum) : NULL;
		}
		migfile_release(&mf);
		diag_release(&ignored);
	}
	r = lint_text_states(o, path, text.buf, text.len, &st, out, d);
	if (st.have_before)
		model_release(&st.before);
	if (st.have_after)
		model_release(&st.after);
	free(st.parent);
	free(st.revision);
	free(st.state_sum);
	strbuf_release(&text);
	return r;
}

/* --- output ------------------------------------------------------------------ */

void lint_format_text(const struct lint_report *r, struct strbuf *out)
{
	for (size_t i = 0; i < r->nr; i++) {
		const struct lint_finding *f = &r->findings[i];

		if (f->acknowledged)
			continue;
		strbuf_addf(out, "%s:%d: %s: %s\n    safe: %s\n", f->file, f->line, lint_rules[f->rule].id, f->message,
			    lint_rules[f->rule].safe);
	}
}

void lint_format_locks(const struct lint_report *r, struct strbuf *out)
{
	for (size_t i = 0; i < r->nr_locks; i++) {
		const struct lint_lock *l = &r->locks[i];

		strbuf_addf(out, "%s:%d: %s: ", l->file, l->line, l->what);
		if (l->lock)
			strbuf_addf(out, "%s", l->lock);
		else
			strbuf_addstr(out, "no table lock");
		if (l->table)
			strbuf_addf(out, " on %s", l->table);
		if (l->rewrites)
			strbuf_addstr(out, ", rewrites");
		if (l->scans)
			strbuf_addstr(out, ", scans");
		if (l->is_new)
			strbuf_addstr(out, ", new table");
		strbuf_addch(out, '\n');
	}
}

void lint_format_json(const struct lint_report *r, bool with_locks, struct strbuf *out)
{
	struct json j;

	json_init(&j, out);
	json_object_begin(&j);
	json_key(&j, "findings");
	json_array_begin(&j);
	for (size_t i = 0; i < r->nr; i++) {
		const struct lint_finding *f = &r->findings[i];

		json_object_begin(&j);
		json_key(&j, "file");
		json_string(&j, f->file);
		json_key(&j, "line");
		json_int(&j, f->line);
		json_key(&j, "rule");
		json_string(&j, lint_rules[f->rule].id);
		json_key(&j, "severity");
		json_string(&j, lint_severity_name(lint_rules[f->rule].severity));
		json_key(&j, "message");
		json_string(&j, f->message);
		json_key(&j, "safe");
		json_string(&j, lint_rules[f->rule].safe);
		json_key(&j, "table");
		json_string(&j, f->table);
		json_key(&j, "lock");
		json_string(&j, f->lock);
		json_key(&j, "rewrites");
		json_bool(&j, f->rewrites);
		json_key(&j, "scans");
		json_bool(&j, f->scans);
		json_key(&j, "acknowledged");
		json_bool(&j, f->acknowledged);
		json_key(&j, "reason");
		json_string(&j, f->reason);
		json_object_end(&j);
	}
	json_array_end(&j);
	if (with_locks) {
		json_key(&j, "locks");
		json_array_begin(&j);
		for (size_t i = 0; i < r->nr_locks; i++) {
			const struct lint_lock *l = &r->locks[i];

			json_object_begin(&j);
			json_key(&j, "file");
			json_string(&j, l->file);
			json_key(&j, "line");
			json_int(&j, l->line);
			json_key(&j, "statement");
			json_string(&j, l->what);
			json_key(&j, "table");
			json_string(&j, l->table);
			json_key(&j, "lock");
			json_string(&j, l->lock);
			json_key(&j, "rewrites");
			json_bool(&j, l->rewrites);
			json_key(&j, "scans");
			json_bool(&j, l->scans);
			json_key(&j, "new_table");
			json_bool(&j, l->is_new);
			json_object_end(&j);
		}
		json_array_end(&j);
	}
	json_key(&j, "count");
	json_int(&j, lint_report_count(r));
	json_object_end(&j);
	strbuf_addch(out, '\n');
}

static const char *sarif_level(enum lint_severity s)
{
	switch (s) {
	case LINT_ERROR:
		return "error";
	case LINT_WARNING:
		return "warning";
	case LINT_INFO:
		break;
	}
	return "note";
}

void lint_format_sarif(const struct lint_report *r, const char *version, const char *cwd, struct strbuf *out)
{
	struct json j;
	size_t cwd_len = cwd ? strlen(cwd) : 0;

	json_init(&j, out);
	json_object_begin(&j);
	json_key(&j, "$schema");
	json_string(&j, "https://json.schemastore.org/sarif-2.1.0.json");
	json_key(&j, "version");
	json_string(&j, "2.1.0");
	json_key(&j, "runs");
	json_array_begin(&j);
	json_object_begin(&j);
	json_key(&j, "tool");
	json_object_begin(&j);
	json_key(&j, "driver");
	json_object_begin(&j);
	json_key(&j, "name");
	json_string(&j, "mig-lint");
	json_key(&j, "version");
	json_string(&j, version);
	json_key(&j, "rules");
	json_array_begin(&j);
	for (int i = 0; i < LINT_NR_RULES; i++) {
		json_object_begin(&j);
		json_key(&j, "id");
		json_string(&j, lint_rules[i].id);
		json_key(&j, "shortDescription");
		json_object_begin(&j);
		json_key(&j, "text");
		json_string(&j, lint_rules[i].summary);
		json_object_end(&j);
		json_key(&j, "help");
		json_object_begin(&j);
		json_key(&j, "text");
		json_string(&j, lint_rules[i].safe);
		json_object_end(&j);
		json_key(&j, "defaultConfiguration");
		json_object_begin(&j);
		json_key(&j, "level");
		json_string(&j, sarif_level(lint_rules[i].severity));
		json_object_end(&j);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
	json_object_end(&j);
	json_key(&j, "results");
	json_array_begin(&j);
	for (size_t i = 0; i < r->nr; i++) {
		const struct lint_finding *f = &r->findings[i];
		const char *uri = f->file;

		if (cwd_len && strncmp(uri, cwd, cwd_len) == 0 && uri[cwd_len] == '/')
			uri += cwd_len + 1;
		while (uri[0] == '.' && uri[1] == '/')
			uri += 2;
		json_object_begin(&j);
		json_key(&j, "ruleId");
		json_string(&j, lint_rules[f->rule].id);
		json_key(&j, "ruleIndex");
		json_int(&j, f->rule);
		json_key(&j, "level");
		json_string(&j, sarif_level(lint_rules[f->rule].severity));
		json_key(&j, "message");
		json_object_begin(&j);
		json_key(&j, "text");
		json_string(&j, f->message);
		json_object_end(&j);
		json_key(&j, "locations");
		json_array_begin(&j);
		json_object_begin(&j);
		json_key(&j, "physicalLocation");
		json_object_begin(&j);
		json_key(&j, "artifactLocation");
		json_object_begin(&j);
		json_key(&j, "uri");
		json_string(&j, uri);
		json_object_end(&j);
		json_key(&j, "region");
		json_object_begin(&j);
		json_key(&j, "startLine");
		json_int(&j, f->line);
		json_object_end(&j);
		json_object_end(&j);
		json_object_end(&j);
		json_array_end(&j);
		if (f->acknowledged) {
			json_key(&j, "suppressions");
			json_array_begin(&j);
			json_object_begin(&j);
			json_key(&j, "kind");
			json_string(&j, "inSource");
			if (f->reason) {
				json_key(&j, "justification");
				json_string(&j, f->reason);
			}
			json_object_end(&j);
			json_array_end(&j);
		}
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
	json_array_end(&j);
	json_object_end(&j);
	strbuf_addch(out, '\n');
}

/* --- files and folders ------------------------------------------------------------ */

/* The dialect of the folder path sits in (DIR/<dialect>/file), or NULL. */
static const struct dialect *folder_dialect(const char *path)
{
	const char *slash = strrchr(path, '/'), *start;
	struct strbuf name = STRBUF_INIT;
	const struct dialect *dl;

	if (!slash)
		return NULL;
	for (start = slash; start > path && start[-1] != '/'; start--)
		;
	strbuf_add(&name, start, (size_t)(slash - start));
	dl = dialect_find(name.buf);
	strbuf_release(&name);
	return dl;
}

static bool after_since(const char *path, const char *since)
{
	const char *base = strrchr(path, '/');

	if (!since)
		return true;
	base = base ? base + 1 : path;
	return migfile_revision_number(base) > migfile_revision_number(since);
}

static int lint_one(const struct lint_run_options *o, const char *path, const struct dialect *dl,
		    struct lint_report *out, struct diag *d)
{
	struct lint_options lo = { dl, NULL, NULL, NULL };

	if (!dl) {
		diag_error_at(d, path, 0, "cannot tell the dialect of the migration");
		diag_hint(d, "keep it in a dialect folder (migrations/<dialect>/), or give --dialect");
		return -1;
	}
	if (!after_since(path, o->since))
		return 0;
	if (o->db && o->db->dialect == dl)
		lo.db = o->db;
	return lint_file(&lo, path, out, d);
}

static int lint_folder(const struct lint_run_options *o, const char *dir, const struct dialect *dl,
		       struct lint_report *out, struct diag *d)
{
	char **names = NULL;
	size_t nr = fs_list_dir(dir, ".sql", &names);
	int r = 0;

	for (size_t i = 0; i < nr && r == 0; i++) {
		struct strbuf path = STRBUF_INIT;

		strbuf_addf(&path, "%s/%s", dir, names[i]);
		r = lint_one(o, path.buf, dl, out, d);
		strbuf_release(&path);
	}
	fs_free_list(names, nr);
	return r;
}

enum lint_result lint_paths(const struct lint_run_options *o, const char *const *paths, size_t nr,
			    struct lint_report *out, struct diag *d)
{
	for (size_t i = 0; i < nr; i++) {
		struct strbuf path = STRBUF_INIT;
		struct stat st;
		int r = 0;

		strbuf_addstr(&path, paths[i]);
		while (path.len > 1 && path.buf[path.len - 1] == '/')
			strbuf_setlen(&path, path.len - 1);
		if (stat(path.buf, &st) < 0) {
			r = diag_error_at(d, path.buf, 0, "cannot read: %s", strerror(errno));
		} else if (!S_ISDIR(st.st_mode)) {
			r = lint_one(o, path.buf, folder_dialect(path.buf) ? folder_dialect(path.buf) : o->dialect, out, d);
		} else {
			const char *base = strrchr(path.buf, '/');
			const struct dialect *dl = dialect_find(base ? base + 1 : path.buf);

			if (dl) {
				r = lint_folder(o, path.buf, dl, out, d);
			} else {
				for (size_t k = 0; dialect_all[k] && r == 0; k++) {
					struct strbuf sub = STRBUF_INIT;

					if (o->only && o->only != dialect_all[k])
						continue;
					strbuf_addf(&sub, "%s/%s", path.buf, dialect_all[k]->name);
					if (stat(sub.buf, &st) == 0 && S_ISDIR(st.st_mode))
						r = lint_folder(o, sub.buf, dialect_all[k], out, d);
					strbuf_release(&sub);
				}
			}
		}
		strbuf_release(&path);
		if (r < 0)
			return LINT_BAD_INPUT;
	}
	return lint_report_count(out) ? LINT_FINDINGS : LINT_CLEAN;
}
