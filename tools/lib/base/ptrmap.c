#include "ptrmap.h"

#include <stdint.h>
#include <stdlib.h>

#include "xalloc.h"
#include "banned.h"

/*
 * Fibonacci hashing of the address: objects of one array differ in their
 * low bits by a multiple of their size, and the multiply carries every bit
 * into the high ones the slot is taken from.
 */
static size_t slot_of(const void *key, size_t alloc)
{
	uint64_t h = (uint64_t)(uintptr_t)key * 0x9E3779B97F4A7C15ULL;

	return (size_t)(h >> 32) & (alloc - 1);
}

static struct ptrmap_entry *find_slot(struct ptrmap_entry *slots, size_t alloc, const void *key)
{
	size_t mask = alloc - 1;
	size_t i = slot_of(key, alloc);

	while (slots[i].key && slots[i].key != key)
		i = (i + 1) & mask;
	return &slots[i];
}

void ptrmap_init(struct ptrmap *map)
{
	map->slots = NULL;
	map->nr = 0;
	map->alloc = 0;
}

void ptrmap_release(struct ptrmap *map)
{
	free(map->slots);
	ptrmap_init(map);
}

static void grow(struct ptrmap *map)
{
	size_t alloc = map->alloc ? map->alloc * 2 : 16;
	struct ptrmap_entry *slots = xcalloc(alloc, sizeof(*slots));

	for (size_t i = 0; i < map->alloc; i++) {
		if (map->slots[i].key)
			*find_slot(slots, alloc, map->slots[i].key) = map->slots[i];
	}
	free(map->slots);
	map->slots = slots;
	map->alloc = alloc;
}

void *ptrmap_put(struct ptrmap *map, const void *key, void *value)
{
	struct ptrmap_entry *e;
	void *old;

	if ((map->nr + 1) * 4 > map->alloc * 3)
		grow(map);
	e = find_slot(map->slots, map->alloc, key);
	if (e->key) {
		old = e->value;
		e->value = value;
		return old;
	}
	e->key = key;
	e->value = value;
	map->nr++;
	return NULL;
}

void *ptrmap_get(const struct ptrmap *map, const void *key)
{
	if (!map->alloc || !key)
		return NULL;
	return find_slot(map->slots, map->alloc, key)->value;
}
