/*
 * xalloc: allocation that never returns NULL.
 *
 * Ownership: every pointer returned here belongs to the caller, who frees it
 * with free(). On allocation failure the process prints one line and aborts:
 * a migration tool cannot do anything sensible without memory, and aborting
 * leaves the database untouched (transactions roll back on disconnect).
 */
#ifndef MIG_XALLOC_H
#define MIG_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Copies of NUL-terminated strings; xstrdup(NULL) returns NULL. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/*
 * Grows the array x (of nr used elements, alloc allocated) so that it can
 * hold at least nr_wanted elements. x, alloc are lvalues. As git's ALLOC_GROW.
 */
#define ALLOC_GROW(x, nr_wanted, alloc)                                        \
	do {                                                                   \
		if ((nr_wanted) > (alloc)) {                                   \
			(alloc) = (alloc) < 8 ? 8 : (alloc) * 2;               \
			if ((alloc) < (nr_wanted))                             \
				(alloc) = (nr_wanted);                         \
			(x) = xrealloc((x), sizeof(*(x)) * (alloc));           \
		}                                                              \
	} while (0)

#endif
