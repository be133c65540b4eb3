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

/*
 * The same hash of a text given in parts, for a file read a chunk at a
 * time: h1_begin(), h1_add() for each part in order, then h1_end(), which
 * appends "h1:<base64>" to out and frees the stream.
 */
struct h1_stream;
struct h1_stream *h1_begin(void);
void h1_add(struct h1_stream *h, const void *data, size_t len);
void h1_end(struct h1_stream *h, struct strbuf *out);
/* h1_add() in a writer's sink form (model_xml_write_to()): ctx is the struct h1_stream. */
void h1_sink(void *ctx, const char *data, size_t len);

#endif
