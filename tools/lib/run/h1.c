#include "h1.h"

#include <openssl/evp.h>

#include "strbuf.h"
#include "banned.h"

void h1_hash(const void *data, size_t len, struct strbuf *out)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	unsigned char b64[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
	int n;

	EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL);
	n = EVP_EncodeBlock(b64, md, (int)mdlen);
	strbuf_addstr(out, "h1:");
	strbuf_add(out, b64, (size_t)n);
}
