#include "minheap.h"

#include <stdlib.h>

#include "xalloc.h"
#include "banned.h"

void minheap_init(struct minheap *h, size_t max)
{
	h->keys = xmalloc(sizeof(size_t) * (max + 1));
	h->nr = 0;
}

void minheap_release(struct minheap *h)
{
	free(h->keys);
	h->keys = NULL;
	h->nr = 0;
}

void minheap_push(struct minheap *h, size_t key)
{
	size_t i = h->nr++;

	while (i > 0 && h->keys[(i - 1) / 2] > key) {
		h->keys[i] = h->keys[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h->keys[i] = key;
}

size_t minheap_pop(struct minheap *h)
{
	size_t top = h->keys[0], last = h->keys[--h->nr], i = 0;

	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= h->nr)
			break;
		if (c + 1 < h->nr && h->keys[c + 1] < h->keys[c])
			c++;
		if (h->keys[c] >= last)
			break;
		h->keys[i] = h->keys[c];
		i = c;
	}
	if (h->nr)
		h->keys[i] = last;
	return top;
}
