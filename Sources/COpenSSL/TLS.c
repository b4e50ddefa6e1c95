// TLS entry points for Reactor's TLSContext and TLSSession.
//
// Two disciplines live here so the Swift side cannot forget them:
// - The error queue is per thread and shared by every connection an event loop
//   runs. Each call clears it first and drains it after; otherwise a stale
//   entry makes SSL_get_error() turn a harmless WANT_READ into SSL_ERROR_SSL,
//   or one connection's failure text ends up in another's error.
// - errno is reset before each call and read straight after it, because
//   OpenSSL reports SSL_ERROR_SYSCALL without resetting errno itself.
#include "COpenSSL.h"

#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <openssl/x509v3.h>

// MARK: - Error queue

/// What a drain found besides the text.
typedef struct {
    int count;
    int unexpected_eof;
    int verify_failed;
} drain_summary;

/// Appends `text` to the NUL-terminated `buf`, truncating at `cap`.
static void append_text(char *buf, size_t cap, const char *text) {
    if (cap == 0) return;
    size_t used = strnlen(buf, cap);
    if (used + 1 >= cap) return;
    snprintf(buf + used, cap - used, "%s", text);
}

static drain_summary drain_errors(char *buf, size_t cap) {
    drain_summary summary = {0, 0, 0};
    if (cap > 0) buf[0] = '\0';
    const char *data = NULL;
    int flags = 0;
    unsigned long code;
    while ((code = ERR_get_error_all(NULL, NULL, NULL, &data, &flags)) != 0) {
        if (ERR_GET_LIB(code) == ERR_LIB_SSL) {
            int reason = ERR_GET_REASON(code);
            if (reason == SSL_R_UNEXPECTED_EOF_WHILE_READING) summary.unexpected_eof = 1;
            if (reason == SSL_R_CERTIFICATE_VERIFY_FAILED) summary.verify_failed = 1;
        }
        char line[256];
        ERR_error_string_n(code, line, sizeof line);
        if (summary.count > 0) append_text(buf, cap, "; ");
        append_text(buf, cap, line);
        // The data string holds context such as "calling fopen(path, r)";
        // OpenSSL never puts key material there.
        if ((flags & ERR_TXT_STRING) && data != NULL && data[0] != '\0') {
            append_text(buf, cap, " (");
            append_text(buf, cap, data);
            append_text(buf, cap, ")");
        }
        summary.count += 1;
    }
    return summary;
}

int copenssl_tls_drain_errors(char *buf, size_t cap) { return drain_errors(buf, cap).count; }

/// Fills `out` after an SSL_* call that returned `ret` (<= 0 means it did not succeed).
static void finish_call(SSL *ssl, int ret, int saved_errno, copenssl_tls_result *out) {
    out->sys_errno = saved_errno;
    // SSL_get_error peeks at the error queue, so it must run before the drain.
    out->ssl_error = ret > 0 ? SSL_ERROR_NONE : SSL_get_error(ssl, ret);
    if (out->ssl_error != SSL_ERROR_SSL && out->ssl_error != SSL_ERROR_SYSCALL) {
        ERR_clear_error();
        return;
    }
    drain_summary summary = drain_errors(out->message, sizeof out->message);
    out->unexpected_eof = summary.unexpected_eof;
    long verify = SSL_get_verify_result(ssl);
    if (summary.verify_failed && verify != X509_V_OK) {
        append_text(out->message, sizeof out->message, " (certificate verification: ");
        append_text(out->message, sizeof out->message, X509_verify_cert_error_string(verify));
        append_text(out->message, sizeof out->message, ")");
    }
}

static void start_call(copenssl_tls_result *out) {
    out->ssl_error = SSL_ERROR_NONE;
    out->sys_errno = 0;
    out->unexpected_eof = 0;
    out->bytes = 0;
    out->message[0] = '\0';
    ERR_clear_error();
    errno = 0;
}

// MARK: - Context

SSL_CTX *copenssl_tls_context_new(int is_server) {
    SSL_CTX *ctx = SSL_CTX_new(is_server ? TLS_server_method() : TLS_client_method());
    if (ctx == NULL) return NULL;
    if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1) {
        SSL_CTX_free(ctx);
        return NULL;
    }
    // Renegotiation is a TLS 1.2 feature with a history of attacks and no use
    // to us; refuse it from either side.
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION);
    // PARTIAL_WRITE: SSL_write returns after each record instead of only once
    // everything is sent, so our own write queue sees progress.
    // ACCEPT_MOVING_WRITE_BUFFER: a retry after WANT_WRITE may pass the same
    // bytes at a different address (our queue may have reallocated).
    // AUTO_RETRY (default since 1.1.1, set for clarity): SSL_read keeps going
    // after non-application records (tickets, key updates) until it has data
    // or the socket would block, so WANT_READ means the kernel buffer is empty.
    // RELEASE_BUFFERS: free the ~34 KiB of record buffers while a connection
    // is idle; game servers hold many idle connections.
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_AUTO_RETRY
                              | SSL_MODE_RELEASE_BUFFERS);
    if (is_server) {
        // Without a session id context OpenSSL fails resumption attempts on
        // servers that verify client certificates (SSL_R_SESSION_ID_CONTEXT_UNINITIALIZED).
        static const unsigned char sid_ctx[] = "roost";
        SSL_CTX_set_session_id_context(ctx, sid_ctx, sizeof sid_ctx - 1);
    }
    return ctx;
}

int copenssl_tls_context_use_certificate(SSL_CTX *ctx, const char *chain_path, const char *key_path, int *failed_step) {
    if (SSL_CTX_use_certificate_chain_file(ctx, chain_path) != 1) {
        *failed_step = 0;
        return 0;
    }
    if (SSL_CTX_use_PrivateKey_file(ctx, key_path, SSL_FILETYPE_PEM) != 1) {
        // OpenSSL already compares the key with the certificate while loading it.
        unsigned long code = ERR_peek_last_error();
        int mismatch = ERR_GET_LIB(code) == ERR_LIB_X509 && ERR_GET_REASON(code) == X509_R_KEY_VALUES_MISMATCH;
        *failed_step = mismatch ? 2 : 1;
        return 0;
    }
    if (SSL_CTX_check_private_key(ctx) != 1) {
        *failed_step = 2;
        return 0;
    }
    return 1;
}

int copenssl_tls_context_load_trust(SSL_CTX *ctx, const char *path) {
    if (path == NULL) return SSL_CTX_set_default_verify_paths(ctx);
    struct stat info;
    if (stat(path, &info) == 0 && S_ISDIR(info.st_mode)) return SSL_CTX_load_verify_dir(ctx, path);
    return SSL_CTX_load_verify_file(ctx, path);
}

void copenssl_tls_context_verify_server(SSL_CTX *ctx, int verify) {
    SSL_CTX_set_verify(ctx, verify ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, NULL);
}

int copenssl_tls_context_require_client_certificate(SSL_CTX *ctx, const char *ca_path) {
    if (SSL_CTX_load_verify_file(ctx, ca_path) != 1) return 0;
    STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(ca_path);
    if (names == NULL) return 0;
    SSL_CTX_set_client_CA_list(ctx, names); // takes ownership
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
    return 1;
}

// MARK: - ALPN

/// A server's protocol list, owned by its SSL_CTX through ex_data.
typedef struct {
    unsigned int len;
    unsigned char wire[];
} alpn_list;

static int alpn_index = -1;
static pthread_once_t alpn_once = PTHREAD_ONCE_INIT;

static void alpn_list_free(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp) {
    (void)parent; (void)ad; (void)idx; (void)argl; (void)argp;
    OPENSSL_free(ptr);
}

static void alpn_index_init(void) {
    alpn_index = SSL_CTX_get_ex_new_index(0, NULL, NULL, NULL, alpn_list_free);
}

static int alpn_select(SSL *ssl, const unsigned char **out, unsigned char *outlen,
                       const unsigned char *in, unsigned int inlen, void *arg) {
    (void)ssl;
    const alpn_list *list = arg;
    unsigned char *selected = NULL;
    unsigned char selected_len = 0;
    // Server preference: the first protocol in our list that the client offers.
    if (SSL_select_next_proto(&selected, &selected_len, list->wire, list->len, in, inlen) != OPENSSL_NPN_NEGOTIATED) {
        // RFC 7301 3.2: no common protocol is a fatal no_application_protocol alert.
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    }
    *out = selected;
    *outlen = selected_len;
    return SSL_TLSEXT_ERR_OK;
}

int copenssl_tls_context_set_alpn(SSL_CTX *ctx, const uint8_t *wire, size_t len, int is_server) {
    if (len == 0 || len > 0xFFFF) return 0;
    // SSL_CTX_set_alpn_protos is the one OpenSSL setter returning 0 on success.
    if (!is_server) return SSL_CTX_set_alpn_protos(ctx, wire, (unsigned int)len) == 0;
    pthread_once(&alpn_once, alpn_index_init);
    if (alpn_index < 0) return 0;
    alpn_list *list = OPENSSL_malloc(sizeof(alpn_list) + len);
    if (list == NULL) return 0;
    list->len = (unsigned int)len;
    memcpy(list->wire, wire, len);
    OPENSSL_free(SSL_CTX_get_ex_data(ctx, alpn_index));
    if (SSL_CTX_set_ex_data(ctx, alpn_index, list) != 1) {
        OPENSSL_free(list);
        return 0;
    }
    SSL_CTX_set_alpn_select_cb(ctx, alpn_select, list);
    return 1;
}

// MARK: - Session

SSL *copenssl_tls_session_new(SSL_CTX *ctx, int fd, int is_server, const char *server_name) {
    SSL *ssl = SSL_new(ctx);
    if (ssl == NULL) return NULL;
    // SSL_set_fd makes a socket BIO with BIO_NOCLOSE: the caller keeps the fd.
    if (SSL_set_fd(ssl, fd) != 1) goto fail;
    if (is_server) {
        SSL_set_accept_state(ssl);
        return ssl;
    }
    SSL_set_connect_state(ssl);
    if (server_name == NULL) return ssl;
    unsigned char address[16];
    if (inet_pton(AF_INET, server_name, address) == 1 || inet_pton(AF_INET6, server_name, address) == 1) {
        // RFC 6066 3: SNI carries host names only, never IP literals; the
        // certificate must then list the address as an iPAddress SAN.
        if (X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), server_name) != 1) goto fail;
        return ssl;
    }
    if (SSL_set_tlsext_host_name(ssl, server_name) != 1) goto fail;
    SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    if (SSL_set1_host(ssl, server_name) != 1) goto fail;
    return ssl;
fail:
    SSL_free(ssl);
    return NULL;
}

void copenssl_tls_handshake(SSL *ssl, copenssl_tls_result *out) {
    start_call(out);
    int ret = SSL_do_handshake(ssl);
    int saved_errno = errno;
    finish_call(ssl, ret, saved_errno, out);
}

void copenssl_tls_read(SSL *ssl, void *buf, size_t len, copenssl_tls_result *out) {
    start_call(out);
    size_t bytes = 0;
    int ret = SSL_read_ex(ssl, buf, len, &bytes);
    int saved_errno = errno;
    out->bytes = bytes;
    finish_call(ssl, ret, saved_errno, out);
}

void copenssl_tls_write(SSL *ssl, const void *buf, size_t len, copenssl_tls_result *out) {
    start_call(out);
    size_t bytes = 0;
    int ret = SSL_write_ex(ssl, buf, len, &bytes);
    int saved_errno = errno;
    out->bytes = bytes;
    finish_call(ssl, ret, saved_errno, out);
}

void copenssl_tls_shutdown(SSL *ssl, copenssl_tls_result *out) {
    start_call(out);
    // OpenSSL refuses SSL_shutdown mid-handshake (SSL_R_SHUTDOWN_WHILE_IN_INIT);
    // there is no session to close then, so there is nothing to send.
    if (SSL_in_init(ssl)) return;
    int ret = SSL_shutdown(ssl);
    int saved_errno = errno;
    // 0: our close_notify is sent, the peer's not yet seen; 1: both done.
    // Either way we are finished: waiting for the peer's is optional (RFC 8446 6.1).
    finish_call(ssl, ret >= 0 ? 1 : ret, saved_errno, out);
}

int copenssl_tls_peer_subject(const SSL *ssl, char *buf, size_t cap) {
    if (cap > 0) buf[0] = '\0';
    X509 *cert = SSL_get1_peer_certificate(ssl);
    if (cert == NULL) return -1;
    int length = -1;
    BIO *bio = BIO_new(BIO_s_mem());
    if (bio != NULL && X509_NAME_print_ex(bio, X509_get_subject_name(cert), 0, XN_FLAG_RFC2253) >= 0) {
        char *data = NULL;
        long available = BIO_get_mem_data(bio, &data);
        if (available >= 0 && available < 0x7FFFFFFF) {
            length = (int)available;
            if (cap > 0) {
                size_t copy = (size_t)available < cap - 1 ? (size_t)available : cap - 1;
                memcpy(buf, data, copy);
                buf[copy] = '\0';
            }
        }
    }
    BIO_free(bio);
    X509_free(cert);
    ERR_clear_error();
    return length;
}

void copenssl_ignore_sigpipe(void) { signal(SIGPIPE, SIG_IGN); }
