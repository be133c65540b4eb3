/*
 * ptrmap: a hash map from addresses to borrowed pointers (open addressing).
 *
 * For what is looked up by the object itself (diff.h: a column of one
 * model -> the column it is in the other): sixteen bytes a slot, nothing
 * copied, where a strmap keyed by the address written out cost a string a
 * key. Keys are compared as addresses, never dereferenced; NULL is not a
 * key.
 *
 * Ownership: the map owns its table; keys and values are borrowed.
 */
#ifndef MIG_PTRMAP_H
#define MIG_PTRMAP_H

#include <stddef.h>

struct ptrmap_entry {
	const void *key; /* NULL = empty slot */
	void *value;
};

struct ptrmap {
	struct ptrmap_entry *slots;
	size_t nr;    /* keys stored */
	size_t alloc; /* slots, a power of two, or 0 */
};

#define PTRMAP_INIT { NULL, 0, 0 }

void ptrmap_init(struct ptrmap *map);
void ptrmap_release(struct ptrmap *map);
/* Stores value under key (not NULL); returns the previous value, or NULL. */
void *ptrmap_put(struct ptrmap *map, const void *key, void *value);
/* Returns the value under key, or NULL. */
void *ptrmap_get(const struct ptrmap *map, const void *key);

#endif
