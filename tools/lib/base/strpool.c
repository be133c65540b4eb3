#include "strpool.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "xalloc.h"
#include "banned.h"

/* Blocks start small (a model of one table) and double up to this. */
#define BLOCK_MIN 256
#define BLOCK_MAX (64 * 1024)

struct strpool_block {
	struct strpool_block *next;
	size_t used, size;
	char bytes[];
};

void strpool_init(struct strpool *pool)
{
	memset(pool, 0, sizeof(*pool));
}

void strpool_release(struct strpool *pool)
{
	while (pool->blocks) {
		struct strpool_block *b = pool->blocks;
		pool->blocks = b->next;
		free(b);
	}
	free(pool->slots);
	strpool_init(pool);
}

static const char **find_slot(const char **slots, size_t alloc, const char *s, uint64_t hash)
{
	size_t mask = alloc - 1;
	size_t i = (size_t)hash & mask;

	while (slots[i] && strcmp(slots[i], s) != 0)
		i = (i + 1) & mask;
	return &slots[i];
}

static void grow(struct strpool *pool)
{
	size_t alloc = pool->alloc ? pool->alloc * 2 : 16;
	const char **slots = xcalloc(alloc, sizeof(*slots));

	/* no hash is kept (a slot is a pointer alone): grown rarely, rehashed */
	for (size_t i = 0; i < pool->alloc; i++) {
		if (pool->slots[i])
			*find_slot(slots, alloc, pool->slots[i], strmap_hash(pool->slots[i])) = pool->slots[i];
	}
	free(pool->slots);
	pool->slots = slots;
	pool->alloc = alloc;
}

static char *store(struct strpool *pool, const char *s, size_t len)
{
	struct strpool_block *b = pool->blocks;
	char *res;

	if (!b || b->size - b->used < len + 1) {
		size_t size = b ? b->size * 2 : BLOCK_MIN;
		if (size > BLOCK_MAX)
			size = BLOCK_MAX;
		if (size < len + 1)
			size = len + 1;
		b = xmalloc(sizeof(*b) + size);
		b->used = 0;
		b->size = size;
		b->next = pool->blocks;
		pool->blocks = b;
	}
	res = b->bytes + b->used;
	memcpy(res, s, len + 1);
	b->used += len + 1;
	return res;
}

const char *strpool_intern(struct strpool *pool, const char *s)
{
	uint64_t hash = strmap_hash(s);
	const char **slot;

	if ((pool->nr + 1) * 2 > pool->alloc)
		grow(pool);
	slot = find_slot(pool->slots, pool->alloc, s, hash);
	if (!*slot) {
		*slot = store(pool, s, strlen(s));
		pool->nr++;
	}
	return *slot;
}

void strpool_take(struct strpool *to, struct strpool *from)
{
	struct strpool_block **tail = &from->blocks;

	if (!from->blocks)
		return;
	/* behind to's blocks: to's newest keeps taking new strings */
	while (*tail)
		tail = &(*tail)->next;
	if (to->blocks) {
		*tail = to->blocks->next;
		to->blocks->next = from->blocks;
	} else {
		to->blocks = from->blocks;
	}
	from->blocks = NULL;
	strpool_release(from);
}
