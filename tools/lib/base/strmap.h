/*
 * strmap: a hash map from strings to borrowed pointers (open addressing).
 *
 * Ownership: the map copies and owns its keys; values are borrowed and never
 * freed by the map. strmap_release() frees the table and the keys.
 */
#ifndef MIG_STRMAP_H
#define MIG_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap_entry {
	char *key; /* owned; NULL = empty slot */
	void *value;
	uint64_t hash; /* of key: compared before the key, kept for growing */
};

struct strmap {
	struct strmap_entry *slots;
	size_t nr;    /* keys stored */
	size_t alloc; /* slots, a power of two, or 0 */
};

#define STRMAP_INIT { NULL, 0, 0 }

void strmap_init(struct strmap *map);
void strmap_release(struct strmap *map);
/* Stores value under key; returns the previous value, or NULL. */
void *strmap_put(struct strmap *map, const char *key, void *value);
/* Returns the value under key, or NULL. */
void *strmap_get(const struct strmap *map, const char *key);
/* The hash the map files key under (strpool.h hashes alike). */
uint64_t strmap_hash(const char *key);

#endif
