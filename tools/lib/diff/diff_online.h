/*
 * diff_online: the online plan style (mig-gen --online). A change that
 * would hold a strong lock on a live table for a long time is taken out of
 * the transactional migration and made by a second one that runs outside a
 * transaction, statement by statement, each holding only a brief or a
 * weak lock: indexes built and dropped CONCURRENTLY, foreign keys, checks
 * and unique constraints added NOT VALID (or USING an index built
 * concurrently) and validated apart, NOT NULL set through a validated
 * check. The dialects spell the style (struct diff's online and
 * concurrent); this module decides what moves.
 *
 * The split is through a model: the state between the two migrations, the
 * models with each deferred change undone. Both migrations are then plain
 * differences between recorded states (diff_run()), so every tool that
 * reads states (late folders, --rehash, mig-check) sees nothing new.
 *
 * What moves: on tables the recorded state already has (a new table is
 * empty: nothing to wait for), and not on a partitioned table (PostgreSQL
 * builds no index concurrently there and adds no NOT VALID constraint):
 * new, dropped and changed indexes; new foreign keys, checks and unique
 * constraints; columns made NOT NULL (not primary-key columns, nor columns
 * that become identities). The drop of an index on a column the first
 * migration drops, renames or retypes stays there (its drop may be the
 * column's, or the new type may have no operator class for it). When the state in between
 * is not a valid model (a new table's foreign key needs a unique
 * constraint that moved, say), nothing moves and *why says so.
 */
#ifndef MIG_DIFF_ONLINE_H
#define MIG_DIFF_ONLINE_H

#include "diff.h"

struct diag;
struct strbuf;

/*
 * From df (from -> to, computed), the state in between into middle
 * (initialised here; the caller releases it). Returns 1 when something
 * moves, 0 when nothing does (middle left empty; a reason appended to why
 * when a move was possible but the state in between is not a valid model),
 * -1 with d set.
 */
int diff_online_split(const struct diff *df, const struct model *from, const struct model *to, struct model *middle,
		      struct strbuf *why, struct diag *d);

#endif
