#include "h1.h"

/*
 * The low-level SHA-256 calls, deprecated in OpenSSL 3 but kept: the EVP
 * route (EVP_Digest, and SHA256() which wraps it) fetches the digest from a
 * provider, and the first fetch in a process registers every algorithm's
 * names, about 3 ms of CPU in a tool that hashes one small file (mig-heads
 * verifying mig.sum). This call does none of that.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/evp.h>
#include <openssl/sha.h>

#include "strbuf.h"
#include "banned.h"

void h1_hash(const void *data, size_t len, struct strbuf *out)
{
	unsigned char md[SHA256_DIGEST_LENGTH];
	unsigned char b64[4 * ((SHA256_DIGEST_LENGTH + 2) / 3) + 1];
	SHA256_CTX ctx;
	int n;

	SHA256_Init(&ctx);
	SHA256_Update(&ctx, data, len);
	SHA256_Final(md, &ctx);
	n = EVP_EncodeBlock(b64, md, SHA256_DIGEST_LENGTH);
	strbuf_addstr(out, "h1:");
	strbuf_add(out, b64, (size_t)n);
}
