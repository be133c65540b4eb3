/* mig-apply: plan a path through the revision graph and run it. */
#include "apply.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "db.h"
#include "dialect.h"
#include "diag.h"
#include "graph.h"
#include "history.h"
#include "migfile.h"
#include "sqlsplit.h"
#include "strbuf.h"
#include "migscan.h"
#include "sumfile.h"
#include "xalloc.h"
#include "banned.h"

void apply_report_release(struct apply_report *rep)
{
	free(rep->failed);
	for (size_t i = 0; i < rep->nr_left; i++)
		free(rep->left[i]);
	free(rep->left);
	free(rep->at);
	memset(rep, 0, sizeof(*rep));
}

struct step {
	size_t node;
	bool up;
	int resume;          /* statements already done (a dirty migration), else 0 */
	struct sql_script script;
	const char *text;    /* the section the script splits (borrowed from the migfile) */
	int base_line;       /* the file line of the section's first line */
};

struct run {
	const struct apply_options *o;
	const char *app;
	struct diag *d;
	struct graph g;
	struct history h;
	size_t *topo;        /* nodes, parents first */
	bool *applied;       /* per node */
	char **checksums;    /* per node: h1:... of the file */
	bool *sections_read; /* per node: its SQL read (the graph holds the scan's headers) */
	struct step *steps;
	size_t nr_steps;
	bool up;
	const struct dialect *dl;
	struct db db;
	bool have_db;
	void *lock;          /* the run lock (dialect.h), or NULL */
	struct strbuf *sql;  /* --sql output, or NULL when running */
	struct apply_report *rep;
	size_t failed_step;  /* the step whose statement failed, or (size_t)-1 */
};

/* One query: its text and, per statement in it, where it comes from. */
struct query_stmt {
	size_t step;  /* index in run->steps, or (size_t)-1 for bookkeeping */
	int stmt;     /* 0-based statement of the step, -1 for bookkeeping */
};

struct query {
	struct strbuf text;
	struct query_stmt *stmts;
	size_t nr, alloc;
};

static void query_init(struct query *q)
{
	memset(q, 0, sizeof(*q));
	strbuf_init(&q->text, 0);
}

static void query_release(struct query *q)
{
	strbuf_release(&q->text);
	free(q->stmts);
	query_init(q);
}

/* Appends one statement (text without ';') and where it comes from. */
static void query_add(struct query *q, const char *text, size_t len, size_t step, int stmt)
{
	/* leading blank lines of a section's statement are not worth sending */
	while (len && (*text == '\n' || *text == ' ' || *text == '\t' || *text == '\r')) {
		text++;
		len--;
	}
	while (len && isspace((unsigned char)text[len - 1]))
		len--;
	sqlsplit_append_statement(&q->text, text, len);
	ALLOC_GROW(q->stmts, q->nr + 1, q->alloc);
	q->stmts[q->nr].step = step;
	q->stmts[q->nr].stmt = stmt;
	q->nr++;
}

static void query_add_str(struct query *q, const char *text)
{
	query_add(q, text, strlen(text), (size_t)-1, -1);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void emit(const struct run *r, enum apply_event_kind kind, size_t step, double ms,
		 int attempt, int statement)
{
	struct apply_event ev = { kind, NULL, true, step + 1, r->nr_steps, ms, attempt, statement, 0, NULL };

	if (!r->o->progress)
		return;
	if (step < r->nr_steps) {
		ev.revision = r->g.nodes[r->steps[step].node].mf.revision;
		ev.up = r->steps[step].up;
	}
	r->o->progress(r->o->ctx, &ev);
}

/* A note on step k (the event's note). */
static void emit_note(const struct run *r, size_t k, const char *note)
{
	struct apply_event ev = { .kind = APPLY_LEFTOVER, .index = k + 1, .total = r->nr_steps, .note = note };

	if (!r->o->progress)
		return;
	ev.revision = r->g.nodes[r->steps[k].node].mf.revision;
	ev.up = r->steps[k].up;
	r->o->progress(r->o->ctx, &ev);
}

/* --- planning ---------------------------------------------------------- */

/*
 * A revision, or a unique prefix of one. what says how it was given, for
 * messages: "--to: " (mig-apply's option) or "" (mig-stamp's argument).
 */
static int find_revision(const struct run *r, const char *what, const char *text, size_t *node)
{
	int exact = graph_find(&r->g, text);
	size_t hits = 0, len = strlen(text);

	if (exact >= 0) {
		*node = (size_t)exact;
		return 0;
	}
	for (size_t i = 0; i < r->g.nr; i++) {
		if (strncmp(r->g.nodes[i].mf.revision, text, len) == 0) {
			*node = i;
			hits++;
		}
	}
	if (hits == 1)
		return 0;
	if (hits > 1)
		return diag_error(r->d, "%s\"%s\" matches %zu revisions; give more of it", what, text, hits);
	return diag_error(r->d, "%sthere is no revision \"%s\" in %s", what, text, r->o->dir);
}

static void add_step(struct run *r, size_t node, bool up)
{
	struct step *s = &r->steps[r->nr_steps++];

	memset(s, 0, sizeof(*s));
	s->node = node;
	s->up = up;
}

static long parse_count(const char *s)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	return *end || errno || n <= 0 ? -1 : n;
}

static enum apply_status plan(struct run *r)
{
	const char *target = r->o->target ? r->o->target : r->o->direction == APPLY_DOWN_ONLY ? "-1" : "head";
	size_t n = r->g.nr, node = 0;

	r->steps = xcalloc(n + 1, sizeof(*r->steps));
	r->up = true;
	if (strcmp(target, "head") == 0 || strcmp(target, "heads") == 0) {
		for (size_t i = 0; i < n; i++)
			if (!r->applied[r->topo[i]])
				add_step(r, r->topo[i], true);
	} else if (strcmp(target, "base") == 0) {
		r->up = false;
		for (size_t i = n; i-- > 0;)
			if (r->applied[r->topo[i]])
				add_step(r, r->topo[i], false);
	} else if (target[0] == '+' || target[0] == '-') {
		long count = parse_count(target + 1);
		if (count < 0) {
			diag_error(r->d, "--to: \"%s\" is invalid", target);
			diag_hint(r->d, "give head, base, a revision, +N or -N");
			return APPLY_BAD_INPUT;
		}
		r->up = target[0] == '+';
		for (size_t k = 0; k < n && (long)r->nr_steps < count; k++) {
			size_t i = r->up ? k : n - 1 - k;
			if (r->applied[r->topo[i]] != r->up)
				add_step(r, r->topo[i], r->up);
		}
		if ((long)r->nr_steps < count) {
			diag_error(r->d, "--to %s: only %zu migration%s can be %s", target, r->nr_steps,
				   r->nr_steps == 1 ? "" : "s", r->up ? "applied" : "undone");
			return APPLY_BAD_INPUT;
		}
	} else {
		if (find_revision(r, "--to: ", target, &node) < 0)
			return APPLY_BAD_INPUT;
		if (r->applied[node]) {
			/* undo what was applied on top of it */
			r->up = false;
			for (size_t i = n; i-- > 0;) {
				size_t x = r->topo[i];
				if (x != node && r->applied[x] && graph_is_ancestor(&r->g, node, x))
					add_step(r, x, false);
			}
		} else {
			for (size_t i = 0; i < n; i++) {
				size_t x = r->topo[i];
				if (!r->applied[x] && graph_is_ancestor(&r->g, x, node))
					add_step(r, x, true);
			}
		}
	}
	return APPLY_OK;
}

/*
 * db-upgrade only moves up, db-downgrade only down: a target on the other
 * side of the database is refused before anything runs, naming the command
 * that goes there (the hint names tools; cli.c names the make targets).
 */
static enum apply_status check_direction(struct run *r)
{
	const char *target = r->o->target ? r->o->target : "";
	bool want_up = r->o->direction == APPLY_UP_ONLY;

	if (r->o->direction == APPLY_EITHER || r->nr_steps == 0 || r->up == want_up)
		return APPLY_OK;
	if (want_up) {
		diag_error(r->d, "--to %s is behind the database: an upgrade only moves up, and this would undo %zu "
			   "migration%s", target, r->nr_steps, r->nr_steps == 1 ? "" : "s");
		diag_hint(r->d, "to move down, run mig-apply --downgrade --to %s", target);
	} else {
		diag_error(r->d, "--to %s is ahead of the database: a downgrade only moves down, and this would apply "
			   "%zu migration%s", target, r->nr_steps, r->nr_steps == 1 ? "" : "s");
		diag_hint(r->d, "to move up, run mig-apply --upgrade --to %s", target);
	}
	return APPLY_BAD_INPUT;
}

/* The "-- destructive:" lines of text (a down section) appended to notes. */
static void collect_destructive(const char *text, char ***notes, size_t *nr, size_t *alloc)
{
	static const char mark[] = "-- destructive:";

	for (const char *line = text; line && *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		while (len && (*line == ' ' || *line == '\t'))
			line++, len--;
		if (len > sizeof(mark) - 1 && strncmp(line, mark, sizeof(mark) - 1) == 0) {
			const char *note = line + sizeof(mark) - 1;
			size_t n = len - (sizeof(mark) - 1);
			while (n && *note == ' ')
				note++, n--;
			ALLOC_GROW(*notes, *nr + 1, *alloc);
			(*notes)[(*nr)++] = xstrndup(note, n);
		}
		line = end ? end + 1 : NULL;
	}
}

/* Does the plan undo every applied migration (base, or -N and a revision that amount to it)? */
static bool undoes_everything(const struct run *r)
{
	size_t applied = 0;

	if (r->up || !r->nr_steps)
		return false;
	for (size_t i = 0; i < r->g.nr; i++)
		applied += r->applied[i];
	return applied == r->nr_steps;
}

/*
 * A downgrade that drops data or goes to base is confirmed first (a
 * terminal asks; --yes answers). Not for --sql, which changes nothing.
 */
static enum apply_status confirm_undo(struct run *r)
{
	struct apply_undo_plan p = { .steps = r->nr_steps };
	const char **revs;
	char **notes = NULL;
	size_t nr_notes = 0, alloc = 0;
	enum apply_status st = APPLY_OK;

	if (r->up || !r->nr_steps || !r->o->confirm_undo || r->o->sql_only)
		return APPLY_OK;
	revs = xcalloc(r->nr_steps, sizeof(*revs));
	for (size_t k = 0; k < r->nr_steps; k++) {
		const struct migfile *mf = &r->g.nodes[r->steps[k].node].mf;
		revs[k] = mf->revision;
		collect_destructive(mf->down, &notes, &nr_notes, &alloc);
	}
	p.to_base = undoes_everything(r);
	p.revisions = revs;
	p.notes = (const char *const *)notes;
	p.nr_notes = nr_notes;
	if ((p.to_base || nr_notes) && !r->o->confirm_undo(r->o->ctx, &p)) {
		diag_error(r->d, "the downgrade was not confirmed: nothing was changed");
		st = APPLY_DECLINED;
	}
	for (size_t i = 0; i < nr_notes; i++)
		free(notes[i]);
	free(notes);
	free(revs);
	return st;
}

/* --- checks before anything runs -------------------------------------- */

/*
 * The folder of a run: its sum file (when verify_sum), its graph in order
 * (the files' headers), each file's checksum. All come from one scan
 * (migscan.h: a file unchanged since var/cache saw it is not read for
 * them); the SQL of a migration is read when it runs (load_sections()).
 */
static int load_folder(struct run *r, const char *dir, bool verify_sum)
{
	struct migscan own;
	const struct migscan *scan = migscan_of(r->o->scan, dir);
	struct strmap sums;
	int ret = -1;

	migscan_init(&own);
	strmap_init(&sums);
	if (!scan) {
		if (migscan_load(&own, dir, r->d) < 0)
			goto out;
		scan = &own;
	}
	if ((verify_sum && sumfile_verify_scan(dir, scan, r->d) < 0) || graph_load_scan(&r->g, scan, r->o->app, r->d) < 0)
		goto out;
	for (size_t i = 0; i < scan->nr; i++)
		strmap_put(&sums, scan->files[i].name, scan->files[i].sum);
	graph_topo_order(&r->g, &r->topo);
	r->applied = xcalloc(r->g.nr + 1, sizeof(bool));
	r->checksums = xcalloc(r->g.nr + 1, sizeof(char *));
	r->sections_read = xcalloc(r->g.nr + 1, sizeof(bool));
	for (size_t i = 0; i < r->g.nr; i++) {
		const char *path = r->g.nodes[i].mf.path, *slash = strrchr(path, '/');
		const char *sum = strmap_get(&sums, slash ? slash + 1 : path);
		if (sum)
			r->checksums[i] = xstrdup(sum);
		else if (sumfile_hash_file(path, &r->checksums[i], r->d) < 0)
			goto out;
	}
	ret = 0;
out:
	strmap_release(&sums);
	migscan_release(&own);
	return ret;
}

/* Everything a run holds: its steps, the folder, the history, the connections and the lock. */
static void run_release(struct run *r)
{
	for (size_t k = 0; k < r->nr_steps; k++)
		sqlsplit_script_release(&r->steps[k].script);
	free(r->steps);
	for (size_t i = 0; r->checksums && i < r->g.nr; i++)
		free(r->checksums[i]);
	free(r->checksums);
	free(r->sections_read);
	free(r->applied);
	free(r->topo);
	history_release(&r->h);
	graph_release(&r->g);
	if (r->have_db)
		db_close(&r->db);
	if (r->lock)
		r->dl->unlock(r->lock);
}

/* The history against the folder: known revisions, unchanged files, dirt. */
static enum apply_status check_history(struct run *r)
{
	for (size_t i = 0; i < r->h.nr; i++) {
		const struct history_row *row = &r->h.rows[i];
		int node = graph_find(&r->g, row->revision);
		if (node < 0) {
			diag_error(r->d, "the database has revision \"%s\" applied, which is not in %s",
				   row->revision, r->o->dir);
			diag_hint(r->d, "it came from another branch or folder: bring the migration back, or undo it "
				  "with the files that made it");
			return APPLY_FAILED;
		}
		if (!r->o->allow_changed && strcmp(row->checksum, r->checksums[node]) != 0 && row->dirty) {
			/* the usual fix of a failed statement is in the file itself */
			diag_error_at(r->d, r->g.nodes[node].mf.path, 0,
				      "was edited after its %s stopped part-way on this database, after %d statement%s "
				      "(checksum %s, now %s)",
				      row->operation ? row->operation : "up", row->progress,
				      row->progress == 1 ? "" : "s", row->checksum, r->checksums[node]);
			diag_hint(r->d, "if only statements after the first %d changed, run mig-apply --allow-changed "
				  "to continue with the edited file", row->progress);
			return APPLY_FAILED;
		}
		if (!r->o->allow_changed && strcmp(row->checksum, r->checksums[node]) != 0) {
			diag_error_at(r->d, r->g.nodes[node].mf.path, 0,
				      "was edited after it was applied to this database (checksum %s, now %s)",
				      row->checksum, r->checksums[node]);
			diag_hint(r->d, "restore the file; or, if the change is deliberate and the database has it, "
				  "run mig-apply --allow-changed (or record it with mig-stamp %s)",
				  r->g.nodes[node].mf.revision);
			return APPLY_FAILED;
		}
		/* a dirty down is still applied; a dirty up is not yet */
		r->applied[node] = !row->dirty || (row->operation && strcmp(row->operation, "down") == 0);
	}
	return APPLY_OK;
}

/* Dirty migrations may only be continued in the direction they were going. */
static enum apply_status check_dirty(struct run *r)
{
	for (size_t i = 0; i < r->h.nr; i++) {
		const struct history_row *row = &r->h.rows[i];
		bool was_up = !row->operation || strcmp(row->operation, "down") != 0;
		bool continued = false;
		size_t node;

		if (!row->dirty)
			continue;
		node = (size_t)graph_find(&r->g, row->revision);
		for (size_t k = 0; k < r->nr_steps; k++) {
			if (r->steps[k].node == node && r->steps[k].up == was_up) {
				r->steps[k].resume = row->progress;
				continued = true;
			}
		}
		if (!continued) {
			diag_error(r->d, "revision \"%s\" is dirty: its %s stopped after %d statement%s",
				   row->revision, was_up ? "up" : "down", row->progress,
				   row->progress == 1 ? "" : "s");
			/* finished by hand, an up is applied (stamp it), a down undone (stamp below it) */
			if (was_up)
				diag_hint(r->d, "fix the cause and run mig-apply (upward) to continue it; if you "
					  "finished it by hand, mig-stamp %s clears the mark", row->revision);
			else
				diag_hint(r->d, "fix the cause and run mig-apply --to a revision below it to continue "
					  "it; if you finished it by hand, mig-stamp a revision below it records it "
					  "as undone");
			return APPLY_FAILED;
		}
	}
	return APPLY_OK;
}

/*
 * The SQL of the migration at node, into the graph (which holds the scan's
 * headers): read when it runs, and it must be the file that was scanned
 * (its checksum), or the run stops before anything runs.
 */
static int load_sections(struct run *r, size_t node)
{
	struct migfile *mf = &r->g.nodes[node].mf;
	struct strbuf text = STRBUF_INIT, sum = STRBUF_INIT;
	struct migfile full;
	int ret = -1;

	if (r->sections_read[node])
		return 0;
	migfile_init(&full);
	if (strbuf_read_file(&text, mf->path) < 0) {
		diag_error_at(r->d, mf->path, 0, "cannot read the file: %s", strerror(errno));
		goto out;
	}
	sumfile_hash(text.buf, text.len, &sum);
	if (strcmp(sum.buf, r->checksums[node]) != 0) {
		diag_error_at(r->d, mf->path, 0, "the file changed while mig-apply was reading the folder");
		diag_hint(r->d, "run mig-apply again");
		goto out;
	}
	if (migfile_parse(&full, mf->path, text.buf, text.len, r->d) < 0)
		goto out;
	free(mf->up);
	free(mf->down);
	mf->up = full.up;
	mf->down = full.down;
	mf->up_line = full.up_line;
	mf->down_line = full.down_line;
	full.up = full.down = NULL;
	r->sections_read[node] = true;
	ret = 0;
out:
	migfile_release(&full);
	strbuf_release(&text);
	strbuf_release(&sum);
	return ret;
}

/* Reads and splits each step's section; a section that does not parse stops everything. */
static enum apply_status prepare_steps(struct run *r)
{
	for (size_t k = 0; k < r->nr_steps; k++) {
		struct step *s = &r->steps[k];
		const struct migfile *mf = &r->g.nodes[s->node].mf;
		struct diag sd = DIAG_INIT;

		if (load_sections(r, s->node) < 0)
			return APPLY_BAD_INPUT;
		if (!s->up && !mf->down) {
			diag_error_at(r->d, mf->path, 0, "has no -- mig:down section: it cannot be undone");
			return APPLY_BAD_INPUT;
		}
		s->text = s->up ? mf->up : mf->down;
		s->base_line = s->up ? mf->up_line : mf->down_line;
		if (r->dl->split(s->text, &s->script, &sd) < 0) {
			diag_error_at(r->d, mf->path, s->base_line + sd.line - 1, "%s", sd.message);
			diag_release(&sd);
			return APPLY_BAD_INPUT;
		}
		if (mf->transaction) {
			/* its own COMMIT would leave it half applied, recorded or not */
			const char *what = NULL;
			long tc = r->dl->transaction_control(s->text, &s->script, &what);
			if (tc >= 0) {
				diag_error_at(r->d, mf->path, s->base_line + s->script.stmts[tc].line - 1,
					      "%s: a migration that runs in a transaction cannot start or end one", what);
				diag_hint(r->d, "remove it (mig-apply wraps each migration in a transaction); a migration "
					  "that must manage its own transactions says -- mig:transaction off");
				return APPLY_BAD_INPUT;
			}
			/* PostgreSQL would refuse it only when it runs, after the statements before it */
			tc = r->dl->outside_transaction ? r->dl->outside_transaction(s->text, &s->script, &what) : -1;
			if (tc >= 0) {
				diag_error_at(r->d, mf->path, s->base_line + s->script.stmts[tc].line - 1,
					      "%s cannot run inside a transaction, and this migration runs in one", what);
				diag_hint(r->d, "put -- mig:transaction off in the migration's header: it then runs "
					  "statement by statement, and a failed run resumes where it stopped");
				return APPLY_BAD_INPUT;
			}
		}
		if (r->o->single_transaction && !mf->transaction) {
			diag_error_at(r->d, mf->path, 0,
				      "runs outside a transaction (-- mig:transaction off): it cannot be part of --single-transaction");
			return APPLY_BAD_INPUT;
		}
		if (s->resume > (int)s->script.nr)
			s->resume = (int)s->script.nr;
	}
	return APPLY_OK;
}

/* --- running ------------------------------------------------------------ */

/* Sends q (or, for --sql, prints it). On failure, *fail_at is its statement. */
static int send(struct run *r, const struct query *q, struct db_error *err, size_t *fail_at)
{
	if (r->sql) {
		strbuf_addstr(r->sql, q->text.buf);
		strbuf_addch(r->sql, '\n');
		return 0;
	}
	if (db_exec(&r->db, q->text.buf, err, r->d) == 0)
		return 0;
	*fail_at = (size_t)err->results_ok < q->nr ? (size_t)err->results_ok : q->nr - 1;
	return -1;
}

/* Names the failing statement: its file and the line where it starts. */
static void locate_failure(struct run *r, const struct query *q, size_t fail_at)
{
	const struct query_stmt *qs = &q->stmts[fail_at];
	const struct step *s;
	const struct migfile *mf;
	int line;

	if (qs->step == (size_t)-1)
		return;
	/* with --single-transaction the failing statement may be any step's */
	r->failed_step = qs->step;
	s = &r->steps[qs->step];
	mf = &r->g.nodes[s->node].mf;
	line = s->base_line;
	if (qs->stmt >= 0)
		line += s->script.stmts[qs->stmt].line - 1;
	free(r->d->file);
	r->d->file = xstrdup(mf->path);
	r->d->line = line;
}

static void rollback(struct run *r)
{
	struct diag ignore = DIAG_INIT;

	if (!r->sql)
		db_exec(&r->db, "ROLLBACK", NULL, &ignore);
	diag_release(&ignore);
}

static void header(struct query *q, const struct run *r, size_t k, const char *note)
{
	const struct step *s = &r->steps[k];

	strbuf_addf(&q->text, "-- %s (%s%s)\n", r->g.nodes[s->node].mf.revision, s->up ? "up" : "down",
		    note ? note : "");
}

/* The statements of step k and its history row, into q (inside a transaction). */
static void add_step_body(struct run *r, struct query *q, size_t k)
{
	const struct step *s = &r->steps[k];
	const struct migfile *mf = &r->g.nodes[s->node].mf;
	struct strbuf hist = STRBUF_INIT;

	if (s->up) {
		history_sql_applied_start(&hist, r->dl, r->app, mf->revision, r->checksums[s->node]);
		if (hist.len)
			query_add_str(q, hist.buf);
		strbuf_reset(&hist);
	}
	/* room for the statements at once: a query as large as the migration, not twice that from doubling */
	strbuf_grow(&q->text, strlen(s->text) + 3 * s->script.nr + 1024);
	for (size_t i = 0; i < s->script.nr; i++)
		query_add(q, s->text + s->script.stmts[i].start, s->script.stmts[i].len, k, (int)i);
	if (s->up)
		history_sql_applied(&hist, r->dl, r->app, mf->revision, r->checksums[s->node]);
	else
		history_sql_delete(&hist, r->dl, r->app, mf->revision);
	query_add_str(q, hist.buf);
	strbuf_release(&hist);
}

/* Each of a dialect's statements (a NULL-terminated list, dialect.h) into q. */
static void query_add_list(struct query *q, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		query_add_str(q, list[i]);
}

/* The dialect's transaction: what begins it, and its checks before it commits (dialect.h). */
static void add_begin(const struct run *r, struct query *q)
{
	query_add_list(q, r->dl->begin);
}

static void add_commit(const struct run *r, struct query *q)
{
	query_add_list(q, r->dl->before_commit);
	query_add_str(q, "COMMIT");
}

static bool lock_timed_out(const struct run *r, const struct db_error *err)
{
	return r->dl->error_lock_timeout(err);
}

static void backoff(int attempt)
{
	struct timespec ts = { 0, 250000000L * attempt };

	nanosleep(&ts, NULL);
}

/* A migration in one transaction: one round trip. */
static int run_transactional(struct run *r, size_t k)
{
	struct query q;
	struct db_error err;
	size_t fail_at = 0;
	int ret;

	for (int attempt = 1;; attempt++) {
		query_init(&q);
		header(&q, r, k, NULL);
		add_begin(r, &q);
		add_step_body(r, &q, k);
		add_commit(r, &q);
		ret = send(r, &q, &err, &fail_at);
		if (ret == 0)
			break;
		rollback(r);
		if (lock_timed_out(r, &err) && attempt <= r->o->lock_retries) {
			emit(r, APPLY_RETRY, k, 0, attempt + 1, 0);
			backoff(attempt);
			query_release(&q);
			continue;
		}
		locate_failure(r, &q, fail_at);
		break;
	}
	query_release(&q);
	return ret;
}

/* Sends one bookkeeping statement on its own. */
static int send_one(struct run *r, const char *sql, const char *header_text)
{
	struct query q;
	struct db_error err;
	size_t fail_at;
	int ret;

	query_init(&q);
	if (header_text)
		strbuf_addstr(&q.text, header_text);
	query_add_str(&q, sql);
	ret = send(r, &q, &err, &fail_at);
	query_release(&q);
	return ret;
}

/* Sends statement i of step k alone, head (may be empty) before it; on failure it is located. */
static int send_statement(struct run *r, size_t k, size_t i, const char *head, struct db_error *err)
{
	const struct step *s = &r->steps[k];
	struct query q;
	size_t fail_at = 0;
	int ret;

	query_init(&q);
	strbuf_addstr(&q.text, head);
	query_add_list(&q, r->dl->each_statement);
	query_add(&q, s->text + s->script.stmts[i].start, s->script.stmts[i].len, k, (int)i);
	ret = send(r, &q, err, &fail_at);
	if (ret < 0)
		locate_failure(r, &q, fail_at);
	query_release(&q);
	return ret;
}

/*
 * A resumed migration runs on a new connection: the settings of the
 * session its done part made (SET lock_timeout, search_path) are made
 * again before it continues. head goes before the first statement sent.
 */
static int replay_settings(struct run *r, size_t k, struct strbuf *head)
{
	const struct step *s = &r->steps[k];
	struct strbuf stmt = STRBUF_INIT;
	struct db_error err;
	int ret = 0;

	for (size_t i = 0; r->dl->session_setting && i < (size_t)s->resume && ret == 0; i++) {
		strbuf_reset(&stmt);
		strbuf_add(&stmt, s->text + s->script.stmts[i].start, s->script.stmts[i].len);
		if (!r->dl->session_setting(stmt.buf))
			continue;
		ret = send_statement(r, k, i, head->buf, &err);
		strbuf_reset(head);
	}
	strbuf_release(&stmt);
	return ret;
}

/*
 * What an earlier, failed run of statement i of step k left in the
 * database (dialect.h: an INVALID index of a CONCURRENTLY build) is
 * dropped before it runs, each drop on its own (DROP INDEX CONCURRENTLY
 * cannot share a query). --sql asks the catalog when it has a database.
 * Returns 0, or -1 with the failure located (err set when the drop failed).
 */
static int drop_leftovers(struct run *r, size_t k, size_t i, struct strbuf *head, struct db_error *err)
{
	const struct step *s = &r->steps[k];
	struct dialect_leftover *left = NULL;
	struct strbuf stmt = STRBUF_INIT;
	size_t nr = 0;
	int ret = 0;

	memset(err, 0, sizeof(*err));
	if (!r->dl->leftovers || (r->sql && !r->have_db))
		return 0;
	strbuf_add(&stmt, s->text + s->script.stmts[i].start, s->script.stmts[i].len);
	if (r->dl->leftovers(&r->db, stmt.buf, &left, &nr, r->d) < 0) {
		struct query q;
		query_init(&q);
		query_add(&q, stmt.buf, stmt.len, k, (int)i);
		locate_failure(r, &q, 0);
		query_release(&q);
		ret = -1;
	}
	for (size_t j = 0; j < nr; j++) {
		struct query q;
		size_t fail_at = 0;
		if (ret == 0) {
			query_init(&q);
			strbuf_addf(&q.text, "%s-- %s\n", head->buf, left[j].note);
			query_add(&q, left[j].drop, strlen(left[j].drop), k, (int)i);
			if (!r->sql)
				emit_note(r, k, left[j].note);
			ret = send(r, &q, err, &fail_at);
			if (ret < 0)
				locate_failure(r, &q, fail_at);
			else
				strbuf_reset(head);
			query_release(&q);
		}
		free(left[j].drop);
		free(left[j].note);
	}
	free(left);
	strbuf_release(&stmt);
	return ret;
}

/*
 * A migration outside a transaction: statement by statement, its progress
 * in a dirty history row after each, so that a failed run can resume.
 */
static int run_statement_by_statement(struct run *r, size_t k)
{
	struct step *s = &r->steps[k];
	const struct migfile *mf = &r->g.nodes[s->node].mf;
	struct strbuf sql = STRBUF_INIT, head = STRBUF_INIT;
	int ret = -1;

	if (s->resume) {
		strbuf_addf(&head, "-- %s (%s, resumed at statement %d)\n", mf->revision, s->up ? "up" : "down",
			    s->resume + 1);
		emit(r, APPLY_RESUME, k, 0, 0, s->resume + 1);
	} else {
		strbuf_addf(&head, "-- %s (%s, statement by statement)\n", mf->revision, s->up ? "up" : "down");
		history_sql_start(&sql, r->dl, r->app, mf->revision, r->checksums[s->node], s->up ? "up" : "down");
		if (send_one(r, sql.buf, head.buf) < 0)
			goto out;
		strbuf_reset(&head);
	}
	if (s->resume && replay_settings(r, k, &head) < 0)
		goto out;
	for (size_t i = (size_t)s->resume; i < s->script.nr; i++) {
		struct db_error err;

		/* a lock timeout retries this statement only: those before it are done */
		for (int attempt = 1;; attempt++) {
			if (drop_leftovers(r, k, i, &head, &err) == 0 && send_statement(r, k, i, head.buf, &err) == 0)
				break;
			if (lock_timed_out(r, &err) && attempt <= r->o->lock_retries) {
				emit(r, APPLY_RETRY, k, 0, attempt + 1, 0);
				backoff(attempt);
				continue;
			}
			goto out;
		}
		strbuf_reset(&head);
		strbuf_reset(&sql);
		history_sql_progress(&sql, r->dl, r->app, mf->revision, (int)i + 1);
		if (send_one(r, sql.buf, NULL) < 0)
			goto out;
	}
	strbuf_reset(&sql);
	for (size_t i = 0; r->dl->before_commit[i]; i++) {
		if (send_one(r, r->dl->before_commit[i], NULL) < 0) {
			/* the statements ran; the mark stays dirty until the rows are fixed and the run resumed */
			r->failed_step = k;
			free(r->d->file);
			r->d->file = xstrdup(mf->path);
			goto out;
		}
	}
	if (s->up)
		history_sql_finish(&sql, r->dl, r->app, mf->revision, r->checksums[s->node]);
	else
		history_sql_delete(&sql, r->dl, r->app, mf->revision);
	ret = send_one(r, sql.buf, NULL);
out:
	strbuf_release(&sql);
	strbuf_release(&head);
	return ret;
}

/* Every step in one transaction: one round trip for the whole run. */
static int run_single_transaction(struct run *r)
{
	struct query q;
	struct db_error err;
	size_t fail_at = 0;
	int ret;

	query_init(&q);
	strbuf_addstr(&q.text, "-- one transaction for the whole run\n");
	add_begin(r, &q);
	for (size_t k = 0; k < r->nr_steps; k++) {
		header(&q, r, k, NULL);
		add_step_body(r, &q, k);
	}
	add_commit(r, &q);
	ret = send(r, &q, &err, &fail_at);
	if (ret < 0) {
		rollback(r);
		locate_failure(r, &q, fail_at);
	}
	query_release(&q);
	return ret;
}

/* --- connections and locks -------------------------------------------- */

/* --wait: the first attempt failed, and it waits for the server. */
static void connect_wait(void *ctx, int seconds)
{
	const struct run *r = ctx;
	struct apply_event ev = { .kind = APPLY_CONNECT_WAIT, .up = true, .seconds = seconds };

	if (r->o->progress)
		r->o->progress(r->o->ctx, &ev);
}

/* Another run holds the lock: this one waits for it. */
static void lock_wait(void *ctx)
{
	struct run *r = ctx;

	emit(r, APPLY_WAITING, r->nr_steps, 0, 0, 0);
}

/* The connection, holding the run lock of the database and app (the dialect's, dialect.h). */
static enum apply_status connect_and_lock(struct run *r, const struct db_config *cfg)
{
	struct dialect_wait w = { .app = r->app, .app_name = "mig-apply", .wait_seconds = r->o->wait_seconds,
				  .waiting = lock_wait, .connect_wait = connect_wait, .ctx = r };

	/* a connection started while the folder was read: lock_and_open() keeps it (or opens anew) */
	if (!r->db.conn && db_started_on(r->o->started, cfg) &&
	    db_open_started(&r->db, r->o->started, cfg, "mig-apply", r->o->wait_seconds, connect_wait, r, r->d) < 0)
		return APPLY_FAILED;
	if (cfg->dialect->lock_and_open(cfg, &w, &r->lock, &r->db, r->d) < 0)
		return APPLY_FAILED;
	r->have_db = true;
	return APPLY_OK;
}

enum head_look { AT_HEAD, NOT_AT_HEAD, NO_CONNECTION };

/*
 * A run to head of a database that is there already: one connection, one
 * read of the history, and no run lock when every revision of the folder
 * is applied, clean, with its file unchanged, and the database has no
 * other. Another run that holds the lock either has nothing left to do
 * either, or leaves a revision pending or dirty, which this read sees: then
 * (and on any doubt) the caller goes the locked way. AT_HEAD: r->db is
 * open and r->h read; NOT_AT_HEAD: r->db may be open (not r->have_db:
 * connect_and_lock() takes it over) and r->h is empty; NO_CONNECTION: the
 * connection failed (after --wait's waiting), r->d says why, and that is
 * the run's failure: connecting again would wait as long again.
 */
static enum head_look at_head_without_lock(struct run *r, const struct db_config *cfg)
{
	struct diag ignored = DIAG_INIT;
	bool at_head;

	if (r->o->target || r->o->direction == APPLY_DOWN_ONLY || !db_exists(cfg))
		return NOT_AT_HEAD;
	if (db_open_started(&r->db, r->o->started, cfg, "mig-apply", r->o->wait_seconds, connect_wait, r, r->d) < 0) {
		/* a server that did not answer would not answer the locked way either; a SQLite file that is busy
		   or being changed by another run opens there, under its lock */
		if (cfg->dialect->start)
			return NO_CONNECTION;
		diag_clear_error(r->d);
		return NOT_AT_HEAD;
	}
	at_head = history_read_brief(&r->db, r->app, HISTORY_CHECKSUMS, &r->h, &ignored) == 0 && r->h.exists && r->h.nr == r->g.nr;
	for (size_t i = 0; at_head && i < r->h.nr; i++) {
		const struct history_row *row = &r->h.rows[i];
		int node = graph_find(&r->g, row->revision);
		at_head = node >= 0 && !row->dirty && strcmp(row->checksum, r->checksums[node]) == 0;
	}
	diag_release(&ignored);
	if (!at_head) {
		/* the connection stays: connect_and_lock() runs on it when the dialect can */
		history_release(&r->h);
		history_init(&r->h);
		return NOT_AT_HEAD;
	}
	r->have_db = true;
	return AT_HEAD;
}

/* --- the run ------------------------------------------------------------ */

/*
 * The first migration of a database with no history for the app failed
 * because what it creates is there: a database made before mig, to adopt,
 * not to migrate (the failed migration was rolled back).
 */
static void adopt_hint(struct run *r, size_t done)
{
	const char *msg = r->d->message;

	if (r->h.nr || done || !r->up || !msg)
		return;
	if (!strstr(msg, "already exists") && !strstr(msg, "(SQLSTATE 42P07)") && !strstr(msg, "(SQLSTATE 42710)") &&
	    !strstr(msg, "(SQLSTATE 42P06)"))
		return;
	diag_hint(r->d, "the database already has these tables; to adopt it, record the revision it matches "
		  "with mig-stamp REV (mig-stamp head when it matches the models)");
}

/*
 * failed: a migration failed (it is rep->failed); ran: migrations started
 * running. A run refused before that (a dirty revision) lists nothing left.
 */
static void fill_report(struct run *r, size_t done, bool failed, bool ran)
{
	struct apply_report *rep = r->rep;
	struct strbuf at = STRBUF_INIT;

	rep->steps = r->nr_steps;
	rep->done = done;
	rep->up = r->up;
	if (failed && r->failed_step < r->nr_steps)
		rep->failed = xstrdup(r->g.nodes[r->steps[r->failed_step].node].mf.revision);
	else if (failed && done < r->nr_steps)
		rep->failed = xstrdup(r->g.nodes[r->steps[done].node].mf.revision);
	rep->left = xcalloc(r->nr_steps - done + 1, sizeof(char *));
	for (size_t k = done; ran && k < r->nr_steps; k++)
		rep->left[rep->nr_left++] = xstrdup(r->g.nodes[r->steps[k].node].mf.revision);
	/* where the database stands: applied revisions none of whose children is applied */
	for (size_t k = 0; k < done; k++)
		r->applied[r->steps[k].node] = r->steps[k].up;
	for (size_t i = 0; i < r->g.nr; i++) {
		bool head = r->applied[i];
		for (size_t c = 0; head && c < r->g.nodes[i].nr_children; c++)
			head = !r->applied[r->g.nodes[i].children[c]];
		if (head)
			strbuf_addf(&at, "%s%s", at.len ? ", " : "", r->g.nodes[i].mf.revision);
	}
	rep->at = strbuf_detach(&at, NULL);
}

enum apply_status apply_run(const struct db_config *cfg, const struct apply_options *o,
			    struct strbuf *sql, struct apply_report *rep, struct diag *d)
{
	struct run r = { .o = o, .app = o->app ? o->app : "", .d = d, .rep = rep, .failed_step = (size_t)-1,
			 .dl = cfg->dialect };
	enum apply_status status = APPLY_BAD_INPUT;
	double start = now_ms();
	size_t done = 0;
	/*
	 * Set once migrations start running: before that a failure is a refusal
	 * (a dirty revision, the version table), not a revision that failed.
	 */
	bool running = false;

	memset(rep, 0, sizeof(*rep));
	graph_init(&r.g);
	history_init(&r.h);
	r.sql = o->sql_only ? sql : NULL;
	if (load_folder(&r, o->dir, !o->no_sum_check) < 0)
		goto out;

	if (o->sql_only) {
		/* read the history if the database answers; else start from an empty one */
		struct diag ignore = DIAG_INIT;
		if (!db_exists(cfg)) {
			/* --sql touches nothing: not even to create a SQLite file */
			diag_error(&ignore, "%s does not exist", cfg->display);
			strbuf_addf(sql, "-- %s; the SQL below starts from an empty database\n", ignore.message);
		} else if (db_open(&r.db, cfg, "mig-apply --sql", o->wait_seconds, &ignore) == 0) {
			r.have_db = true;
			if (history_read(&r.db, r.app, &r.h, d) < 0) {
				status = APPLY_FAILED;
				diag_release(&ignore);
				goto out;
			}
		} else {
			strbuf_addf(sql, "-- %s; the SQL below starts from an empty database\n", ignore.message);
		}
		diag_release(&ignore);
	} else {
		if (o->db) {
			r.db = *o->db; /* borrowed: never closed here (have_db stays false) */
			r.dl = o->db->dialect;
			status = APPLY_OK;
		} else {
			enum head_look look = at_head_without_lock(&r, cfg);
			status = look == AT_HEAD ? APPLY_OK :
				 look == NO_CONNECTION ? APPLY_FAILED : connect_and_lock(&r, cfg);
		}
		if (status != APPLY_OK)
			goto out;
		status = APPLY_FAILED;
		if (!r.h.exists && history_read(&r.db, r.app, &r.h, d) < 0)
			goto out;
	}
	status = check_history(&r);
	if (status != APPLY_OK)
		goto out;
	status = plan(&r);
	if (status != APPLY_OK)
		goto out;
	status = check_direction(&r);
	if (status != APPLY_OK)
		goto out;
	status = check_dirty(&r);
	if (status != APPLY_OK)
		goto out;
	status = prepare_steps(&r);
	if (status != APPLY_OK)
		goto out;
	status = confirm_undo(&r);
	if (status != APPLY_OK)
		goto out;
	status = APPLY_FAILED;

	if (r.nr_steps && o->lock_timeout_ms > 0) {
		struct strbuf set = STRBUF_INIT;
		/* SQLite's wait for a lock is its busy timeout; SQLITE_BUSY then retries as a lock timeout does */
		r.dl->append_lock_timeout(&set, o->lock_timeout_ms);
		if (send_one(&r, set.buf, NULL) < 0) {
			strbuf_release(&set);
			goto out;
		}
		strbuf_release(&set);
	}
	if (r.nr_steps && !r.h.exists) {
		struct strbuf create = STRBUF_INIT;
		history_sql_create(&create, r.dl);
		if (send_one(&r, create.buf, "-- the version table\n") < 0) {
			strbuf_release(&create);
			goto out;
		}
		strbuf_release(&create);
	}
	running = true;
	if (o->single_transaction && r.nr_steps) {
		for (size_t k = 0; k < r.nr_steps; k++)
			emit(&r, APPLY_STEP_START, k, 0, 0, 0);
		if (run_single_transaction(&r) < 0) {
			adopt_hint(&r, done);
			goto out;
		}
		done = r.nr_steps;
		emit(&r, APPLY_STEP_DONE, r.nr_steps - 1, now_ms() - start, 0, 0);
	} else {
		for (; done < r.nr_steps; done++) {
			const struct migfile *mf = &r.g.nodes[r.steps[done].node].mf;
			double t0 = now_ms();
			int ret;
			emit(&r, APPLY_STEP_START, done, 0, 0, 0);
			ret = mf->transaction && !r.steps[done].resume ? run_transactional(&r, done)
								       : run_statement_by_statement(&r, done);
			if (ret < 0) {
				adopt_hint(&r, done);
				goto out;
			}
			emit(&r, APPLY_STEP_DONE, done, now_ms() - t0, 0, 0);
		}
	}
	/* at base the seeds' rows are gone with their tables: the seed files are to run again */
	if (undoes_everything(&r) && send_one(&r, "DROP TABLE IF EXISTS " HISTORY_SEEDS_TABLE, NULL) < 0)
		goto out;
	status = APPLY_OK;
out:
	if (r.g.nr && r.steps && status != APPLY_BAD_INPUT && status != APPLY_DECLINED)
		fill_report(&r, done, status == APPLY_FAILED && running, running);
	rep->ms = now_ms() - start;
	run_release(&r);
	return status;
}

enum apply_status apply_stamp(const struct db_config *cfg, const char *dir, const char *app,
			      const char *target, struct strbuf *out, struct diag *d)
{
	struct apply_options o = { .dir = dir, .app = app, .target = target };
	struct run r = { .o = &o, .app = app ? app : "", .d = d, .failed_step = (size_t)-1, .dl = cfg->dialect };
	struct apply_report rep;
	enum apply_status status = APPLY_BAD_INPUT;
	struct query q;
	struct strbuf done = STRBUF_INIT;
	struct db_error err;
	size_t fail_at, node = 0;
	bool *want = NULL;
	const struct history_row **row_of = NULL;

	memset(&rep, 0, sizeof(rep));
	r.rep = &rep;
	graph_init(&r.g);
	history_init(&r.h);
	query_init(&q);
	if (load_folder(&r, dir, true) < 0)
		goto out;
	want = xcalloc(r.g.nr + 1, sizeof(bool));
	if (strcmp(target, "head") == 0 || strcmp(target, "heads") == 0) {
		for (size_t i = 0; i < r.g.nr; i++)
			want[i] = true;
	} else if (strcmp(target, "base") != 0) {
		if (find_revision(&r, "", target, &node) < 0)
			goto out;
		for (size_t i = 0; i < r.g.nr; i++)
			want[i] = graph_is_ancestor(&r.g, i, node);
	}
	if (!db_exists(cfg)) {
		/* a mistyped path would otherwise become a new database "at head" */
		diag_error(d, "%s does not exist: mig-stamp records the revisions of an existing database", cfg->display);
		diag_hint(d, "check DATABASE_URL; mig-apply creates a database and applies the migrations");
		status = APPLY_FAILED;
		goto out;
	}
	status = connect_and_lock(&r, cfg);
	if (status != APPLY_OK)
		goto out;
	status = APPLY_FAILED;
	if (history_read(&r.db, r.app, &r.h, d) < 0)
		goto out;

	add_begin(&r, &q);
	if (!r.h.exists) {
		struct strbuf create = STRBUF_INIT;
		history_sql_create(&create, r.dl);
		query_add_str(&q, create.buf);
		strbuf_release(&create);
	}
	for (size_t i = 0; i < r.h.nr; i++) {
		const struct history_row *row = &r.h.rows[i];
		int n = graph_find(&r.g, row->revision);
		if (n >= 0 && want[n])
			continue;
		struct strbuf del = STRBUF_INIT;
		history_sql_delete(&del, r.dl, r.app, row->revision);
		query_add_str(&q, del.buf);
		strbuf_release(&del);
		strbuf_addf(&done, "unstamped %s\n", row->revision);
	}
	/* each node's row, found once (a search per node was quadratic: 0.2 s at 10,000) */
	row_of = xcalloc(r.g.nr + 1, sizeof(*row_of));
	for (size_t i = 0; i < r.h.nr; i++) {
		int n = graph_find(&r.g, r.h.rows[i].revision);
		if (n >= 0)
			row_of[n] = &r.h.rows[i];
	}
	for (size_t k = 0; k < r.g.nr; k++) {
		size_t i = r.topo[k];
		const struct history_row *row = row_of[i];
		struct strbuf ins = STRBUF_INIT;
		if (!want[i])
			continue;
		if (row && !row->dirty && strcmp(row->checksum, r.checksums[i]) == 0)
			continue;
		history_sql_stamp(&ins, r.dl, r.app, r.g.nodes[i].mf.revision, r.checksums[i]);
		query_add_str(&q, ins.buf);
		strbuf_release(&ins);
		strbuf_addf(&done, "%s %s\n", !row ? "stamped" : row->dirty ? "cleared the dirty mark of" :
			    "recorded the new checksum of", r.g.nodes[i].mf.revision);
	}
	query_add_str(&q, "COMMIT");
	if (db_exec(&r.db, q.text.buf, &err, d) < 0) {
		(void)fail_at;
		rollback(&r);
		goto out;
	}
	/* said once it is true */
	strbuf_add(out, done.buf, done.len);
	status = APPLY_OK;
out:
	strbuf_release(&done);
	query_release(&q);
	free(want);
	free(row_of);
	run_release(&r);
	apply_report_release(&rep);
	return status;
}
