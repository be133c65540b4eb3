/*
 * merge: the recorded state after a merge revision.
 *
 * Each head of a migration folder carries the model as its branch left it.
 * A database that runs every branch ends with the common ancestor's model
 * plus each branch's changes, so the state after the merge is an N-way merge
 * of canonical model documents, object by object: schemas, enums and tables
 * by name; inside a table that several branches changed, its own attributes
 * and its columns, keys, constraints and indexes by name. An object that two
 * branches changed in different ways is a conflict: run one after the other,
 * the branches would not give the models either of them recorded.
 *
 * Ownership: the caller owns every string; nothing is kept.
 */
#ifndef MIG_MERGE_H
#define MIG_MERGE_H

#include <stddef.h>

struct diag;
struct strbuf;

/*
 * Merges the canonical model documents heads[0..nr) (labels[i] names head i
 * in messages) against base, their common ancestor's document (NULL: the
 * empty model). Appends the merged document to out (valid, not canonical:
 * read it back and write it again). Returns 0, or -1 with d set naming the
 * conflicting object and the heads that disagree.
 */
int model_merge(const char *base, const char *const *heads, const char *const *labels, size_t nr,
		struct strbuf *out, struct diag *d);

#endif
