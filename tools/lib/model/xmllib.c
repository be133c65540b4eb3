/* xmllib: libxml2 by dlopen() (see xmllib.h). */
#define _GNU_SOURCE /* dl_iterate_phdr() */
#include "xmllib.h"

#include <dlfcn.h>
#include <link.h>
#include <string.h>

#include "diag.h"
#include "banned.h"

/* The library's file name, as the build found it (mk/build.mk). */
#ifndef XMLLIB_SONAME
#define XMLLIB_SONAME "libxml2.so.2"
#endif

int xmllib_open(struct xmllib *x, struct diag *d)
{
	memset(x, 0, sizeof(*x));
	/* NODELETE: libxml2 keeps global state (its parser's dictionaries) between one user and the next */
	x->handle = dlopen(XMLLIB_SONAME, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
	if (!x->handle) {
		diag_error(d, "cannot load libxml2: %s", dlerror());
		diag_hint(d, "install it (Debian: apt-get install libxml2)");
		return -1;
	}
	x->xmlFree_fn = dlsym(x->handle, "xmlFree");
	if (!x->xmlFree_fn) {
		diag_error(d, "%s has no variable xmlFree", XMLLIB_SONAME);
		xmllib_close(x);
		return -1;
	}
	/* a function pointer from dlsym()'s void *: POSIX guarantees the conversion */
#define XMLLIB_LOOKUP(fn)                                               \
	if (!(x->fn = (__typeof__(x->fn))dlsym(x->handle, #fn))) { \
		diag_error(d, "%s has no function %s", XMLLIB_SONAME, #fn); \
		xmllib_close(x);                                        \
		return -1;                                              \
	}
	XMLLIB_FUNCTIONS(XMLLIB_LOOKUP)
#undef XMLLIB_LOOKUP
	return 0;
}

void xmllib_close(struct xmllib *x)
{
	if (x->handle)
		dlclose(x->handle);
	memset(x, 0, sizeof(*x));
}

/* dl_iterate_phdr() callback: is this object libxml2 (its path ends in "/" XMLLIB_SONAME)? */
static int is_xmllib(struct dl_phdr_info *info, size_t size, void *found)
{
	const char *slash = strrchr(info->dlpi_name, '/');

	(void)size;
	if (slash && strcmp(slash + 1, XMLLIB_SONAME) == 0)
		*(int *)found = 1;
	return *(int *)found;
}

void xmllib_cleanup(void)
{
	void *h;
	void (*cleanup)(void);
	int loaded = 0;

	/* not loaded: nothing to free (and dlopen(RTLD_NOLOAD) would search the disk for it) */
	dl_iterate_phdr(is_xmllib, &loaded);
	if (!loaded)
		return;
	h = dlopen(XMLLIB_SONAME, RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD);
	if (!h)
		return;
	cleanup = (void (*)(void))dlsym(h, "xmlCleanupParser");
	if (cleanup)
		cleanup();
	dlclose(h);
}
