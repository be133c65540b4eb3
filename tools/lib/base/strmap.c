#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "banned.h"

uint64_t strmap_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	/*
	 * FNV's low bits depend on the low bits alone, and the slot is the low
	 * bits: keys that differ in a few characters (migration file names)
	 * clustered. Folding the high half in spreads them.
	 */
	return h ^ (h >> 29) ^ (h >> 47);
}

void strmap_init(struct strmap *map)
{
	map->slots = NULL;
	map->nr = 0;
	map->alloc = 0;
}

void strmap_release(struct strmap *map)
{
	for (size_t i = 0; i < map->alloc; i++)
		free(map->slots[i].key);
	free(map->slots);
	strmap_init(map);
}

static struct strmap_entry *find_slot(struct strmap_entry *slots, size_t alloc, const char *key, uint64_t hash)
{
	size_t mask = alloc - 1;
	size_t i = (size_t)hash & mask;

	while (slots[i].key && (slots[i].hash != hash || strcmp(slots[i].key, key) != 0))
		i = (i + 1) & mask;
	return &slots[i];
}

static void grow(struct strmap *map)
{
	size_t alloc = map->alloc ? map->alloc * 2 : 16;
	struct strmap_entry *slots = xcalloc(alloc, sizeof(*slots));

	for (size_t i = 0; i < map->alloc; i++) {
		if (map->slots[i].key)
			*find_slot(slots, alloc, map->slots[i].key, map->slots[i].hash) = map->slots[i];
	}
	free(map->slots);
	map->slots = slots;
	map->alloc = alloc;
}

void *strmap_put(struct strmap *map, const char *key, void *value)
{
	uint64_t hash = strmap_hash(key);
	struct strmap_entry *e;
	void *old;

	if ((map->nr + 1) * 4 > map->alloc * 3)
		grow(map);
	e = find_slot(map->slots, map->alloc, key, hash);
	if (e->key) {
		old = e->value;
		e->value = value;
		return old;
	}
	e->key = xstrdup(key);
	e->value = value;
	e->hash = hash;
	map->nr++;
	return NULL;
}

void *strmap_get(const struct strmap *map, const char *key)
{
	if (!map->alloc)
		return NULL;
	return find_slot(map->slots, map->alloc, key, strmap_hash(key))->value;
}
