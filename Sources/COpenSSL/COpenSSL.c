#include "COpenSSL.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

void copenssl_sha1(const void *data, size_t len, uint8_t out[20]) {
    SHA1((const unsigned char *)data, len, out);
}

void copenssl_sha256(const void *data, size_t len, uint8_t out[32]) {
    SHA256((const unsigned char *)data, len, out);
}

int copenssl_hmac_sha256(const void *key, size_t key_len, const void *data, size_t len, uint8_t out[32]) {
    unsigned int out_len = 32;
    return HMAC(EVP_sha256(), key, (int)key_len, (const unsigned char *)data, len, out, &out_len) != NULL;
}

int copenssl_memcmp(const void *a, const void *b, size_t len) { return CRYPTO_memcmp(a, b, len); }

int copenssl_random_bytes(void *buf, size_t len) { return RAND_bytes((unsigned char *)buf, (int)len); }
