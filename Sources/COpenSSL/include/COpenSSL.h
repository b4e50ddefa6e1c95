// OpenSSL behind plain C functions: hashing for the WebSocket handshake and
// tokens, and TLS for the Reactor. Many OpenSSL entry points are macros
// (SSL_CTX_set_options, SSL_set_tlsext_host_name, ...) that Swift cannot call;
// each gets a wrapper here so Swift never depends on OpenSSL's macro layer.
#ifndef ROOST_COPENSSL_H
#define ROOST_COPENSSL_H

#include <stddef.h>
#include <stdint.h>
#include <openssl/ssl.h>
#include <openssl/err.h>

/// SHA-1 of `len` bytes into `out` (20 bytes). Used only by the RFC 6455 accept key.
void copenssl_sha1(const void *data, size_t len, uint8_t out[20]);
/// HMAC-SHA256 of `len` bytes with `key` into `out` (32 bytes); returns 1 on success.
int copenssl_hmac_sha256(const void *key, size_t key_len, const void *data, size_t len, uint8_t out[32]);
/// Constant-time comparison; returns 0 when equal.
int copenssl_memcmp(const void *a, const void *b, size_t len);

/// Fills `buf` from OpenSSL's CSPRNG (user space, no syscall per call); returns 1 on success.
int copenssl_random_bytes(void *buf, size_t len);

#endif
