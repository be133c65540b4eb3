/*
 * h1: the "h1:<base64 SHA-256>" form of a text's hash (as Atlas' atlas.sum
 * writes it), the one mig.sum, the checksums of mig_history and the scan
 * cache use. SHA-256 comes from libcrypto.
 */
#ifndef MIG_H1_H
#define MIG_H1_H

#include <stddef.h>

struct strbuf;

/* SHA-256 of data as "h1:<base64>", appended to out. */
void h1_hash(const void *data, size_t len, struct strbuf *out);

#endif
