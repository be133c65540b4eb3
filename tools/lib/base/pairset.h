/*
 * pairset: the elements of the caller's array found by a pair of names
 * (a schema and a table, a namespace and a name), as their positions in
 * an open-addressing set: four bytes a slot, no key copied, the elements'
 * own names compared through the caller's key function.
 *
 * Ownership: the set owns its slots; the array is the caller's and must
 * not move or reorder while the set points into it (build it again).
 */
#ifndef MIG_PAIRSET_H
#define MIG_PAIRSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The pair of names of element i of elems. */
typedef void pairset_key_fn(const void *elems, size_t i, const char **scope, const char **name);

struct pairset {
	uint32_t *slots; /* owned: position + 1; 0 = empty */
	size_t alloc;    /* slots, a power of two; 0 = not built */
};

/*
 * Builds set (released first) with room for room elements, elements
 * 0..nr-1 of elems in it; of two with one pair, the first is kept
 * (keep_first) or the last.
 */
void pairset_build(struct pairset *set, const void *elems, size_t nr, size_t room, pairset_key_fn *key,
		   bool keep_first);
/*
 * The slot of (scope, name) in a built set: its element's position + 1,
 * or 0 where it would go (writing the position + 1 puts it). At most half
 * the slots may be full.
 */
uint32_t *pairset_slot(const struct pairset *set, const void *elems, pairset_key_fn *key, const char *scope,
		       const char *name);
void pairset_release(struct pairset *set);

#endif
