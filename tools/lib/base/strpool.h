/*
 * strpool: interned strings, each held once, freed all at once.
 *
 * For the many short strings of one owner that live as long as it does
 * (a model's column names: "id" in every table): a string costs its bytes
 * in a block of the pool and one slot of its set, where a malloc'd copy
 * costs a 32-byte chunk at least, and a name met again costs nothing.
 *
 * Ownership: the pool owns its strings; strpool_intern()'s result is
 * borrowed until strpool_release(). Strings are never freed one by one.
 */
#ifndef MIG_STRPOOL_H
#define MIG_STRPOOL_H

#include <stddef.h>

struct strpool_block;

struct strpool {
	const char **slots; /* the set: open addressing, NULL = empty */
	size_t nr;          /* strings held */
	size_t alloc;       /* slots, a power of two, or 0 */
	struct strpool_block *blocks; /* newest first; strings are in their bytes */
};

#define STRPOOL_INIT { NULL, 0, 0, NULL }

void strpool_init(struct strpool *pool);
void strpool_release(struct strpool *pool);
/* The pool's copy of s (not NULL): the same pointer for equal strings. */
const char *strpool_intern(struct strpool *pool, const char *s);
/*
 * to holds from's strings too (for what moved from from's owner to to's):
 * they stay where they are, and are not in to's set (a string interned in
 * to later may be held twice); from is empty.
 */
void strpool_take(struct strpool *to, struct strpool *from);

#endif
