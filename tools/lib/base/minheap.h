/*
 * minheap: a binary min-heap of size_t keys, for orders that take the
 * lowest ready item first (topological sorts that keep an input order).
 *
 * Ownership: the heap owns its array; the caller sizes it once
 * (minheap_init(): at most max keys at a time) and releases it.
 */
#ifndef MIG_MINHEAP_H
#define MIG_MINHEAP_H

#include <stddef.h>

struct minheap {
	size_t *keys; /* owned */
	size_t nr;
};

void minheap_init(struct minheap *h, size_t max);
void minheap_release(struct minheap *h);
void minheap_push(struct minheap *h, size_t key);
/* The lowest key, removed; h must not be empty. */
size_t minheap_pop(struct minheap *h);

#endif
