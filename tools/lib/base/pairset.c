#include "pairset.h"

#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "xalloc.h"
#include "banned.h"

static size_t pair_hash(const char *scope, const char *name)
{
	return (size_t)(strmap_hash(name) * 31 + strmap_hash(scope));
}

uint32_t *pairset_slot(const struct pairset *set, const void *elems, pairset_key_fn *key, const char *scope,
		       const char *name)
{
	size_t mask = set->alloc - 1;

	for (size_t i = pair_hash(scope, name) & mask;; i = (i + 1) & mask) {
		const char *s, *n;
		if (!set->slots[i])
			return &set->slots[i];
		key(elems, set->slots[i] - 1, &s, &n);
		if (strcmp(n, name) == 0 && strcmp(s, scope) == 0)
			return &set->slots[i];
	}
}

void pairset_build(struct pairset *set, const void *elems, size_t nr, size_t room, pairset_key_fn *key,
		   bool keep_first)
{
	size_t alloc = 16;

	free(set->slots);
	while (alloc < room * 2)
		alloc *= 2;
	set->slots = xcalloc(alloc, sizeof(*set->slots));
	set->alloc = alloc;
	for (size_t i = 0; i < nr; i++) {
		const char *scope, *name;
		uint32_t *slot;
		key(elems, i, &scope, &name);
		slot = pairset_slot(set, elems, key, scope, name);
		if (!*slot || !keep_first)
			*slot = (uint32_t)(i + 1);
	}
}

void pairset_release(struct pairset *set)
{
	free(set->slots);
	memset(set, 0, sizeof(*set));
}
