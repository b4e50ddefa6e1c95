/*
 * Reference WebSocket echo server: the ceiling of the Roost echo benchmark rig.
 *
 * Single thread, level-triggered epoll, non-blocking sockets, TCP_NODELAY.
 * Usage: echo --port P [--host 127.0.0.1]
 * Prints "listening on ws://HOST:PORT" when ready; exits on SIGTERM/SIGINT.
 *
 * Deliberately minimal and NOT a conformance target (RFC 6455 departures):
 *  - the upgrade request is only checked for a Sec-WebSocket-Key header (sec 4.2.1 asks more);
 *  - frames are echoed one for one, fragments included, with the client's FIN/RSV/opcode
 *    byte, so messages keep their opcode; no UTF-8 validation (sec 8.1);
 *  - ping is answered by pong, close is echoed and the connection closed after flushing.
 * Buffers: one shared read buffer and one shared write scratch; a connection keeps its own
 * heap buffers only while it holds a partial frame or unsent output, so an idle connection
 * costs one small struct.
 *
 * Build: cc -O2 -o echo echo.c -lcrypto
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/sha.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define READ_CHUNK (256 * 1024)
#define MAX_PAYLOAD (16u << 20)       /* like the node ws peer's maxPayload */
#define MAX_HANDSHAKE 8192

/* A growable byte buffer; data lives in [off, len). */
typedef struct {
    uint8_t *data;
    size_t off, len, cap;
} buffer_t;

typedef struct {
    int fd;
    int upgraded;      /* 0: waiting for the HTTP upgrade request */
    int closing;       /* close frame echoed: shut down once output is flushed */
    int want_out;      /* EPOLLOUT registered */
    buffer_t in;       /* unconsumed input (partial request or frame) */
    buffer_t out;      /* unsent output */
} conn_t;

static conn_t **conns;           /* indexed by fd */
static int max_fds;
static int epfd;
static volatile sig_atomic_t stop_requested;
static uint8_t read_chunk[READ_CHUNK];
static buffer_t scratch;          /* per-read output, written at once */
static uint64_t frames_echoed;    /* reported on exit, to cross-check the load generator */

static void on_signal(int sig) { (void)sig; stop_requested = 1; }

static void buf_reserve(buffer_t *b, size_t extra) {
    if (b->off > 0 && b->off == b->len) b->off = b->len = 0;
    if (b->len + extra <= b->cap) return;
    if (b->off > 0) {                      /* compact before growing */
        memmove(b->data, b->data + b->off, b->len - b->off);
        b->len -= b->off;
        b->off = 0;
        if (b->len + extra <= b->cap) return;
    }
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + extra) cap *= 2;
    b->data = realloc(b->data, cap);
    if (!b->data) { perror("realloc"); exit(1); }
    b->cap = cap;
}

static void buf_append(buffer_t *b, const void *p, size_t n) {
    buf_reserve(b, n);
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

static void buf_free(buffer_t *b) {
    free(b->data);
    memset(b, 0, sizeof *b);
}

static void conn_close(conn_t *c) {
    epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    conns[c->fd] = NULL;
    buf_free(&c->in);
    buf_free(&c->out);
    free(c);
}

static void set_out_interest(conn_t *c, int want) {
    if (c->want_out == want) return;
    struct epoll_event ev = {.events = EPOLLIN | (want ? EPOLLOUT : 0), .data.fd = c->fd};
    epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
    c->want_out = want;
}

/* Write as much of the connection's pending output as the socket takes. Returns -1 if closed. */
static int conn_flush(conn_t *c) {
    while (c->out.off < c->out.len) {
        ssize_t n = write(c->fd, c->out.data + c->out.off, c->out.len - c->out.off);
        if (n > 0) { c->out.off += (size_t)n; continue; }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) { set_out_interest(c, 1); return 0; }
        conn_close(c);
        return -1;
    }
    /* Drained: drop big buffers so an idle connection holds no heap. */
    if (c->out.cap > 65536) buf_free(&c->out); else c->out.off = c->out.len = 0;
    set_out_interest(c, 0);
    if (c->closing) { conn_close(c); return -1; }
    fprintf(stderr, "echo: %llu frames echoed\n", (unsigned long long)frames_echoed);
    return 0;
}

/* Send bytes: straight to the socket if nothing is queued, else queue. Returns -1 if closed. */
static int conn_send(conn_t *c, const uint8_t *p, size_t n) {
    if (n == 0) return 0;
    if (c->out.off == c->out.len) {
        while (n > 0) {
            ssize_t w = write(c->fd, p, n);
            if (w > 0) { p += w; n -= (size_t)w; continue; }
            if (w < 0 && errno == EINTR) continue;
            if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
            conn_close(c);
            return -1;
        }
        if (n == 0) return 0;
    }
    buf_append(&c->out, p, n);
    set_out_interest(c, 1);
    fprintf(stderr, "echo: %llu frames echoed\n", (unsigned long long)frames_echoed);
    return 0;
}

static const char b64chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void base64(const uint8_t *in, size_t n, char *out) {
    size_t i = 0, o = 0;
    for (; i + 2 < n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
        out[o++] = b64chars[v >> 18]; out[o++] = b64chars[(v >> 12) & 63];
        out[o++] = b64chars[(v >> 6) & 63]; out[o++] = b64chars[v & 63];
    }
    if (i < n) {
        uint32_t v = (uint32_t)in[i] << 16 | (i + 1 < n ? (uint32_t)in[i + 1] << 8 : 0);
        out[o++] = b64chars[v >> 18]; out[o++] = b64chars[(v >> 12) & 63];
        out[o++] = i + 1 < n ? b64chars[(v >> 6) & 63] : '=';
        out[o++] = '=';
    }
    out[o] = 0;
}

/* Parse the upgrade request in [p, p+n). Returns bytes consumed, 0 if incomplete, -1 if bad. */
static ssize_t handle_upgrade(conn_t *c, const uint8_t *p, size_t n) {
    const uint8_t *end = memmem(p, n, "\r\n\r\n", 4);
    if (!end) return n > MAX_HANDSHAKE ? -1 : 0;
    size_t head_len = (size_t)(end - p) + 4;
    const char *key = NULL;
    size_t key_len = 0;
    for (const uint8_t *line = p; line < end;) {
        const uint8_t *eol = memmem(line, (size_t)(end + 2 - line), "\r\n", 2);
        size_t len = (size_t)(eol - line);
        if (len > 18 && strncasecmp((const char *)line, "Sec-WebSocket-Key:", 18) == 0) {
            const char *v = (const char *)line + 18;
            const char *ve = (const char *)eol;
            while (v < ve && (*v == ' ' || *v == '\t')) v++;
            while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t')) ve--;
            key = v;
            key_len = (size_t)(ve - v);
        }
        line = eol + 2;
    }
    if (!key || key_len == 0 || key_len > 64) {
        static const char bad[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        (void)!write(c->fd, bad, sizeof bad - 1);
        return -1;
    }
    char concat[128];
    memcpy(concat, key, key_len);
    memcpy(concat + key_len, "258EAFA5-E914-47DA-95CA-C5AB0DC85B11", 36);
    uint8_t digest[SHA_DIGEST_LENGTH];
    SHA1((const uint8_t *)concat, key_len + 36, digest);
    char accept[32];
    base64(digest, sizeof digest, accept);
    char response[256];
    int len = snprintf(response, sizeof response,
                       "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                       "Connection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n", accept);
    if (conn_send(c, (const uint8_t *)response, (size_t)len) < 0) return -2;
    c->upgraded = 1;
    return (ssize_t)head_len;
}

static inline void unmask(uint8_t *dst, const uint8_t *src, size_t n, const uint8_t key[4]) {
    uint32_t k32;
    memcpy(&k32, key, 4);
    uint64_t k64 = (uint64_t)k32 << 32 | k32;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t v;
        memcpy(&v, src + i, 8);
        v ^= k64;
        memcpy(dst + i, &v, 8);
    }
    for (; i < n; i++) dst[i] = src[i] ^ key[i & 3];
}

/*
 * Parse complete client frames in [p, p+n) and append their unmasked echo to scratch.
 * Returns bytes consumed (a trailing partial frame is left), or -1 on a protocol error.
 */
static ssize_t handle_frames(conn_t *c, const uint8_t *p, size_t n) {
    size_t pos = 0;
    while (n - pos >= 2) {
        const uint8_t *f = p + pos;
        uint8_t b0 = f[0], b1 = f[1];
        if (!(b1 & 0x80)) return -1;                 /* client frames must be masked (sec 5.1) */
        uint64_t len = b1 & 0x7f;
        size_t hdr = 2;
        if (len == 126) {
            if (n - pos < 4) break;
            len = (uint64_t)f[2] << 8 | f[3];
            hdr = 4;
        } else if (len == 127) {
            if (n - pos < 10) break;
            len = 0;
            for (int i = 0; i < 8; i++) len = len << 8 | f[2 + i];
            hdr = 10;
        }
        if (len > MAX_PAYLOAD) return -1;
        if (n - pos < hdr + 4 + len) break;
        const uint8_t *key = f + hdr;
        const uint8_t *payload = key + 4;
        uint8_t opcode = b0 & 0x0f;
        if (opcode == 0x9) b0 = (uint8_t)((b0 & 0xf0) | 0xA);   /* ping -> pong */
        if (opcode == 0xA) { pos += hdr + 4 + len; continue; }   /* unsolicited pong: drop */
        buf_reserve(&scratch, 10 + len);
        uint8_t *o = scratch.data + scratch.len;
        o[0] = b0;
        size_t oh;
        if (len < 126) { o[1] = (uint8_t)len; oh = 2; }
        else if (len < 65536) { o[1] = 126; o[2] = (uint8_t)(len >> 8); o[3] = (uint8_t)len; oh = 4; }
        else { o[1] = 127; for (int i = 0; i < 8; i++) o[2 + i] = (uint8_t)(len >> (56 - 8 * i)); oh = 10; }
        unmask(o + oh, payload, len, key);
        scratch.len += oh + len;
        pos += hdr + 4 + len;
        frames_echoed++;
        if (opcode == 0x8) { c->closing = 1; return (ssize_t)n; }  /* ignore anything after close */
    }
    return (ssize_t)pos;
}

/* Consume input [p, p+n): upgrade, then frames. Returns bytes consumed or <0 if c was closed. */
static ssize_t conn_process(conn_t *c, const uint8_t *p, size_t n) {
    size_t used = 0;
    if (!c->upgraded) {
        ssize_t r = handle_upgrade(c, p, n);
        if (r == -2) return -1;
        if (r < 0) { conn_close(c); return -1; }
        if (r == 0) return 0;
        used = (size_t)r;
    }
    scratch.off = scratch.len = 0;
    ssize_t r = handle_frames(c, p + used, n - used);
    if (r < 0) { conn_close(c); return -1; }
    used += (size_t)r;
    if (conn_send(c, scratch.data, scratch.len) < 0) return -1;
    if (c->closing && c->out.off == c->out.len) { conn_close(c); return -1; }
    return (ssize_t)used;
}

static void on_readable(conn_t *c) {
    ssize_t n = read(c->fd, read_chunk, sizeof read_chunk);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        conn_close(c);
        return;
    }
    if (n < 0) return;
    if (c->in.len == c->in.off) {
        /* Common case: nothing buffered, parse straight from the shared chunk. */
        ssize_t used = conn_process(c, read_chunk, (size_t)n);
        if (used < 0) return;
        if ((size_t)used < (size_t)n) buf_append(&c->in, read_chunk + used, (size_t)n - (size_t)used);
    } else {
        buf_append(&c->in, read_chunk, (size_t)n);
        ssize_t used = conn_process(c, c->in.data + c->in.off, c->in.len - c->in.off);
        if (used < 0) return;
        c->in.off += (size_t)used;
        if (c->in.off == c->in.len) buf_free(&c->in);
    }
}

static void on_accept(int lfd) {
    for (;;) {
        int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE) fprintf(stderr, "echo: accept: out of descriptors\n");
            return;  /* EAGAIN or transient error: level-triggered epoll will call again */
        }
        if (fd >= max_fds) { close(fd); continue; }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        conn_t *c = calloc(1, sizeof *c);
        c->fd = fd;
        conns[fd] = c;
        struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
        epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
    }
}

int main(int argc, char **argv) {
    const char *host = "127.0.0.1";
    int port = 9001;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--port") == 0) port = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--host") == 0) host = argv[i + 1];
        else { fprintf(stderr, "usage: %s --port P [--host H]\n", argv[0]); return 2; }
    }
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    max_fds = (int)rl.rlim_cur;
    conns = calloc((size_t)max_fds, sizeof *conns);

    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) { fprintf(stderr, "echo: bad host %s\n", host); return 2; }
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(lfd, 4096) < 0) {
        perror("echo: bind/listen");
        return 1;
    }
    epfd = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = lfd};
    epoll_ctl(epfd, EPOLL_CTL_ADD, lfd, &ev);
    printf("listening on ws://%s:%d\n", host, port);
    fflush(stdout);

    struct epoll_event events[512];
    while (!stop_requested) {
        int n = epoll_wait(epfd, events, 512, 1000);
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd;
            if (fd == lfd) { on_accept(lfd); continue; }
            conn_t *c = conns[fd];
            if (!c) continue;
            if (events[i].events & (EPOLLERR | EPOLLHUP) && !(events[i].events & EPOLLIN)) { conn_close(c); continue; }
            if (events[i].events & EPOLLOUT) { if (conn_flush(c) < 0) continue; }
            if (events[i].events & EPOLLIN) on_readable(c);
        }
    }
    fprintf(stderr, "echo: %llu frames echoed\n", (unsigned long long)frames_echoed);
    return 0;
}
