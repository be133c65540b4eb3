#include "h1.h"

/*
 * SHA256_Init/Update/Final, deprecated in OpenSSL 3 for EVP, compute the
 * same digest without EVP's provider set-up: EVP_Digest() makes every
 * tool that hashes 2 MB larger (its fetch loads the default provider's
 * tables), for one digest of one kind.
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
	n = EVP_EncodeBlock(b64, md, (int)sizeof(md));
	strbuf_addstr(out, "h1:");
	strbuf_add(out, b64, (size_t)n);
}
