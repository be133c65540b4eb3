#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die_oom(size_t size)
{
	fprintf(stderr, "mig: fatal: out of memory (allocating %zu bytes)\n", size);
	abort();
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		die_oom(size);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		die_oom(nmemb * size);
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		die_oom(size);
	return p;
}

/* A copy of the n bytes at s with a '\0' after them. */
static char *xmemdupz(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xstrdup(const char *s)
{
	return s ? xmemdupz(s, strlen(s)) : NULL;
}

char *xstrndup(const char *s, size_t n)
{
	/*
	 * memchr, not strnlen: libpg_query exports a strnlen of its own (a
	 * byte loop) that the dynamic linker binds every call here to.
	 */
	const char *nul = memchr(s, '\0', n);

	return xmemdupz(s, nul ? (size_t)(nul - s) : n);
}
