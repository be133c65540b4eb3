#include "runlog.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "json.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

void runlog_init(struct runlog *l)
{
	memset(l, 0, sizeof(*l));
}

void runlog_release(struct runlog *l)
{
	for (size_t i = 0; i < l->nr; i++)
		free(l->steps[i].revision);
	free(l->steps);
	runlog_init(l);
}

void runlog_event(struct runlog *l, const struct apply_event *ev)
{
	switch (ev->kind) {
	case APPLY_STEP_START:
		ALLOC_GROW(l->steps, l->nr + 1, l->alloc);
		l->steps[l->nr].revision = xstrdup(ev->revision ? ev->revision : "");
		l->steps[l->nr].up = ev->up;
		l->steps[l->nr].done = false;
		l->steps[l->nr].ms = 0;
		l->nr++;
		break;
	case APPLY_STEP_DONE:
		/* the step of that number; a --single-transaction run reports once, for the whole run */
		if (ev->index >= 1 && ev->index <= l->nr) {
			l->steps[ev->index - 1].done = true;
			l->steps[ev->index - 1].ms = ev->ms;
		}
		break;
	case APPLY_CONNECT_WAIT:
		l->waited = ev->seconds;
		break;
	default:
		break;
	}
}

void runlog_json(const struct runlog *l, const char *database, const char *dir, enum apply_status st,
		 const struct apply_report *rep, const struct diag *d, struct strbuf *out)
{
	struct json j;

	json_init(&j, out);
	json_object_begin(&j);
	json_key(&j, "database");
	json_string(&j, database);
	json_key(&j, "migrations");
	json_string(&j, dir);
	json_key(&j, "result");
	json_string(&j, st == APPLY_OK ? "ok" : st == APPLY_FAILED ? "failed" : "bad input");
	json_key(&j, "direction");
	json_string(&j, rep->steps ? (rep->up ? "up" : "down") : NULL);
	json_key(&j, "steps");
	json_array_begin(&j);
	for (size_t i = 0; i < l->nr; i++) {
		const struct runlog_step *s = &l->steps[i];
		/* one transaction for the run: every step commits with it, or none */
		bool ok = s->done || st == APPLY_OK;
		json_object_begin(&j);
		json_key(&j, "revision");
		json_string(&j, s->revision);
		json_key(&j, "direction");
		json_string(&j, s->up ? "up" : "down");
		json_key(&j, "ms");
		if (s->done)
			json_number(&j, s->ms);
		else
			json_null(&j);
		json_key(&j, "result");
		json_string(&j, ok ? "ok" : "failed");
		json_object_end(&j);
	}
	json_array_end(&j);
	json_key(&j, "at");
	json_string(&j, rep->at);
	json_key(&j, "ms");
	json_number(&j, rep->ms);
	json_key(&j, "left");
	json_array_begin(&j);
	for (size_t i = 0; i < rep->nr_left; i++)
		json_string(&j, rep->left[i]);
	json_array_end(&j);
	json_key(&j, "error");
	if (st == APPLY_OK || !d || !diag_is_set(d))
		json_null(&j);
	else
		json_diag(&j, d);
	json_object_end(&j);
	strbuf_addch(out, '\n');
}
