#include "h1.h"

/*
 * The low-level SHA-256 calls, deprecated in OpenSSL 3 but kept: the EVP
 * route (EVP_Digest, and SHA256() which wraps it) fetches the digest from a
 * provider, and the first fetch in a process registers every algorithm's
 * names, about 3 ms of CPU and 2 MB of heap in a tool that hashes one small
 * file (mig-heads verifying mig.sum). These calls do none of that.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/evp.h>
#include <openssl/sha.h>

#include <stdlib.h>

#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

static void append_h1(const unsigned char *md, struct strbuf *out)
{
	unsigned char b64[4 * ((SHA256_DIGEST_LENGTH + 2) / 3) + 1];
	int n = EVP_EncodeBlock(b64, md, SHA256_DIGEST_LENGTH);

	strbuf_addstr(out, "h1:");
	strbuf_add(out, b64, (size_t)n);
}

void h1_hash(const void *data, size_t len, struct strbuf *out)
{
	unsigned char md[SHA256_DIGEST_LENGTH];
	SHA256_CTX ctx;

	SHA256_Init(&ctx);
	SHA256_Update(&ctx, data, len);
	SHA256_Final(md, &ctx);
	append_h1(md, out);
}

struct h1_stream {
	SHA256_CTX ctx;
};

struct h1_stream *h1_begin(void)
{
	struct h1_stream *h = xmalloc(sizeof(*h));

	SHA256_Init(&h->ctx);
	return h;
}

void h1_add(struct h1_stream *h, const void *data, size_t len)
{
	SHA256_Update(&h->ctx, data, len);
}

void h1_sink(void *ctx, const char *data, size_t len)
{
	h1_add(ctx, data, len);
}

void h1_end(struct h1_stream *h, struct strbuf *out)
{
	unsigned char md[SHA256_DIGEST_LENGTH];

	SHA256_Final(md, &h->ctx);
	free(h);
	append_h1(md, out);
}
