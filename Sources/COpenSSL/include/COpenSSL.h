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
/// SHA-256 of `len` bytes into `out` (32 bytes). Names a leaderboard run's output.
void copenssl_sha256(const void *data, size_t len, uint8_t out[32]);
/// HMAC-SHA256 of `len` bytes with `key` into `out` (32 bytes); returns 1 on success.
int copenssl_hmac_sha256(const void *key, size_t key_len, const void *data, size_t len, uint8_t out[32]);
/// Constant-time comparison; returns 0 when equal.
int copenssl_memcmp(const void *a, const void *b, size_t len);

/// Fills `buf` from OpenSSL's CSPRNG (user space, no syscall per call); returns 1 on success.
int copenssl_random_bytes(void *buf, size_t len);

// MARK: - TLS (used by Reactor's TLSContext / TLSSession)
//
// Every function below that drives a connection clears the calling thread's
// OpenSSL error queue before the SSL_* call and drains it afterwards, so one
// connection's failure can never show up in another connection's result.

/// Size of the error text carried by `copenssl_tls_result`; longer text is truncated.
#define COPENSSL_TLS_MESSAGE_CAPACITY 512

/// The outcome of one handshake/read/write/shutdown call, captured before
/// anything else can disturb errno or the error queue.
typedef struct {
    /// SSL_get_error() for the call, or SSL_ERROR_NONE when it succeeded.
    int ssl_error;
    /// errno right after the call (reset to 0 before it); meaningful for SSL_ERROR_SYSCALL.
    int sys_errno;
    /// 1 when the peer closed TCP without close_notify. OpenSSL 3 reports that
    /// as SSL_ERROR_SSL (SSL_R_UNEXPECTED_EOF_WHILE_READING), not as EOF.
    int unexpected_eof;
    /// Bytes moved by a successful read or write.
    size_t bytes;
    /// Drained error queue ("; "-joined, plus the certificate verification
    /// result when verification failed); empty when the call did not fail.
    char message[COPENSSL_TLS_MESSAGE_CAPACITY];
} copenssl_tls_result;

/// A context for the server (`is_server` 1) or client role: TLS 1.2 minimum,
/// renegotiation disabled, partial and moving-buffer writes, auto-retry.
/// Returns NULL on failure (drain the error queue for the reason).
SSL_CTX *copenssl_tls_context_new(int is_server);
/// Loads a PEM certificate chain and its PEM private key and checks that they
/// match. Returns 1 on success; on failure `*failed_step` names the step
/// (0 chain, 1 key, 2 mismatch).
int copenssl_tls_context_use_certificate(SSL_CTX *ctx, const char *chain_path, const char *key_path, int *failed_step);
/// Loads trust roots from a PEM file or a hashed directory; NULL loads the
/// system defaults. Returns 1 on success.
int copenssl_tls_context_load_trust(SSL_CTX *ctx, const char *path);
/// Client: verify the server's chain (1) or accept anything (0, tests only).
void copenssl_tls_context_verify_server(SSL_CTX *ctx, int verify);
/// Server: require a client certificate chaining to the roots in `ca_path`
/// (a PEM file) and advertise their names. Returns 1 on success.
int copenssl_tls_context_require_client_certificate(SSL_CTX *ctx, const char *ca_path);
/// Sets the ALPN protocol list in wire format (length-prefixed names).
/// Clients offer it; servers pick their first listed protocol that the client
/// also offers and refuse the handshake when there is none (RFC 7301 3.2).
/// Returns 1 on success.
int copenssl_tls_context_set_alpn(SSL_CTX *ctx, const uint8_t *wire, size_t len, int is_server);

/// A session on a connected socket `fd` (not closed by OpenSSL). For clients,
/// `server_name` (nullable) is sent as SNI (unless it is an IP literal) and
/// checked against the certificate (DNS name or IP address). NULL on failure.
SSL *copenssl_tls_session_new(SSL_CTX *ctx, int fd, int is_server, const char *server_name);
/// SSL_do_handshake.
void copenssl_tls_handshake(SSL *ssl, copenssl_tls_result *out);
/// SSL_read_ex into `buf` (at most `len` bytes, at most one record).
void copenssl_tls_read(SSL *ssl, void *buf, size_t len, copenssl_tls_result *out);
/// SSL_write_ex of `len` bytes; after a want-read/want-write, retry with the same bytes.
void copenssl_tls_write(SSL *ssl, const void *buf, size_t len, copenssl_tls_result *out);
/// SSL_shutdown (sends close_notify). Succeeds without sending anything while
/// the handshake is still in progress, where OpenSSL would refuse.
void copenssl_tls_shutdown(SSL *ssl, copenssl_tls_result *out);
/// Writes the peer certificate's subject (RFC 2253) into `buf`, NUL-terminated;
/// returns its full length (retry with a larger buffer if >= cap), or -1 when
/// the peer presented no certificate.
int copenssl_tls_peer_subject(const SSL *ssl, char *buf, size_t cap);
/// Drains the calling thread's error queue into `buf` ("; "-joined, NUL-terminated).
/// Returns the number of errors drained.
int copenssl_tls_drain_errors(char *buf, size_t cap);
/// Ignores SIGPIPE process-wide: OpenSSL's socket BIO writes with write(2),
/// which raises SIGPIPE when the peer has gone.
void copenssl_ignore_sigpipe(void);

#endif
