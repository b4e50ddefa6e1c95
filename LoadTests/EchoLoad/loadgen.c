/*
 * WebSocket echo load generator for the Roost benchmark rig.
 *
 * One thread, level-triggered epoll; the runner pins it to its own core.
 *
 * Load mode (default): open --conns C WebSocket connections, then keep --inflight K
 * messages of --size S bytes in flight on each (send K; for every echo received send one
 * more), run --warmup W seconds then --duration D measured seconds, and print one JSON line:
 * messages/s, round-trip latency percentiles, errors, connections, and this process's own
 * CPU% over the measured window (near 100 means the generator, not the server, is the limit).
 *
 * Idle mode (--idle): open C connections, print a JSON "ready" line once every handshake has
 * completed or failed, then hold them idle until SIGTERM/SIGINT or --hold seconds (default
 * 600), and print a final JSON line with how many were still open.
 *
 * Every run stops by itself, and only loopback (127.0.0.0/8) may be targeted.
 *
 * Connections are opened at most --batch at a time so the server's accept queue is not
 * overrun; refused/reset/timed-out connects are retried with a growing delay.
 *
 * Latency: a per-connection FIFO of send times (echoes come back in order), recorded into a
 * log-linear histogram with 128 sub-buckets per power of two (relative error < 0.8%).
 * Send and receive times are taken once per read() batch, as a real client would.
 *
 * Client frames are masked with a fresh xorshift key per frame (RFC 6455 sec 5.3).
 * Echoes are checked for opcode, length and payload.
 *
 * Build: cc -O2 -o loadgen loadgen.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { ST_IDLE, ST_CONNECTING, ST_HANDSHAKE, ST_OPEN, ST_FAILED, ST_CLOSED };

typedef struct {
    uint8_t *data;
    size_t off, len, cap;
} buffer_t;

typedef struct {
    int fd;
    int state;
    int attempts;
    uint64_t retry_at_ns;     /* 0: not waiting for a retry */
    uint64_t *sent_ns;        /* FIFO ring of send times, capacity = inflight */
    uint32_t head, count;
    buffer_t in, out;
} conn_t;

/* ---- options ---- */
static const char *opt_host = "127.0.0.1";
static int opt_port = 9001;
static int opt_conns = 100;
static int opt_inflight = 1;
static int opt_size = 32;
static double opt_warmup = 2, opt_duration = 10, opt_hold = 600, opt_connect_timeout = 60;
static int opt_batch = 200;
static int opt_idle = 0;
static int opt_binary = 0;
static const char *opt_path = "/";

/* ---- state ---- */
static conn_t *conns;
static int epfd;
static volatile sig_atomic_t stop_requested;
static uint8_t read_chunk[256 * 1024];
static buffer_t scratch;
static uint8_t *payload;                /* expected (unmasked) payload */
static uint64_t rng = 0x9E3779B97F4A7C15ull;
static int pending, opened, failed, closed_early, next_to_start, retries;
static uint64_t bad_echoes, received_total;

/* ---- histogram (ns) ---- */
#define SUB_BITS 7
#define SUB_COUNT (1 << SUB_BITS)
#define HIST_BUCKETS ((64 - SUB_BITS) * SUB_COUNT + SUB_COUNT * 2)
static uint64_t hist[HIST_BUCKETS];
static uint64_t hist_count, hist_min = UINT64_MAX, hist_max;
static double hist_sum;

static inline int hist_index(uint64_t v) {
    if (v < 2 * SUB_COUNT) return (int)v;
    int shift = 63 - __builtin_clzll(v) - SUB_BITS;          /* >= 1 */
    return (shift << SUB_BITS) + (int)(v >> shift);          /* v >> shift in [128, 256) */
}

static inline uint64_t hist_value(int index) {                /* bucket midpoint */
    if (index < 2 * SUB_COUNT) return (uint64_t)index;
    int shift = (index >> SUB_BITS) - 1;
    uint64_t sub = (uint64_t)(index - (shift << SUB_BITS));
    return (sub << shift) + ((1ull << shift) >> 1);
}

static inline void hist_record(uint64_t v) {
    hist[hist_index(v)]++;
    hist_count++;
    hist_sum += (double)v;
    if (v < hist_min) hist_min = v;
    if (v > hist_max) hist_max = v;
}

static double hist_percentile_us(double q) {
    if (hist_count == 0) return 0;
    uint64_t rank = (uint64_t)(q * (double)hist_count + 0.5);
    if (rank < 1) rank = 1;
    uint64_t seen = 0;
    for (int i = 0; i < HIST_BUCKETS; i++) {
        seen += hist[i];
        if (seen >= rank) return (double)hist_value(i) / 1000.0;
    }
    return (double)hist_max / 1000.0;
}

/* ---- helpers ---- */
static inline uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static double cpu_seconds(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static inline uint32_t next_mask(void) {
    rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
    return (uint32_t)rng;
}

static void on_signal(int sig) { (void)sig; stop_requested = 1; }

static void buf_reserve(buffer_t *b, size_t extra) {
    if (b->off > 0 && b->off == b->len) b->off = b->len = 0;
    if (b->len + extra <= b->cap) return;
    if (b->off > 0) {
        memmove(b->data, b->data + b->off, b->len - b->off);
        b->len -= b->off;
        b->off = 0;
        if (b->len + extra <= b->cap) return;
    }
    size_t cap = b->cap ? b->cap : 1024;
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

static void buf_free(buffer_t *b) { free(b->data); memset(b, 0, sizeof *b); }

/* Append one masked client frame (FIN + text/binary) carrying the payload. */
static void append_frame(buffer_t *b, uint8_t opcode, const uint8_t *p, size_t n) {
    buf_reserve(b, 14 + n);
    uint8_t *o = b->data + b->len;
    size_t h;
    o[0] = (uint8_t)(0x80 | opcode);
    if (n < 126) { o[1] = (uint8_t)(0x80 | n); h = 2; }
    else if (n < 65536) { o[1] = 0x80 | 126; o[2] = (uint8_t)(n >> 8); o[3] = (uint8_t)n; h = 4; }
    else { o[1] = 0x80 | 127; for (int i = 0; i < 8; i++) o[2 + i] = (uint8_t)((uint64_t)n >> (56 - 8 * i)); h = 10; }
    uint32_t key = next_mask();
    memcpy(o + h, &key, 4);
    uint8_t *dst = o + h + 4;
    uint64_t k64 = (uint64_t)key << 32 | key;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t v;
        memcpy(&v, p + i, 8);
        v ^= k64;
        memcpy(dst + i, &v, 8);
    }
    const uint8_t *kb = o + h;
    for (; i < n; i++) dst[i] = p[i] ^ kb[i & 3];
    b->len += h + 4 + n;
}

/* ---- connections ---- */
static void set_events(conn_t *c, uint32_t events) {
    struct epoll_event ev = {.events = events, .data.u32 = (uint32_t)(c - conns)};
    epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
}

static void conn_drop(conn_t *c) {
    if (c->fd >= 0) { epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL); close(c->fd); }
    c->fd = -1;
    buf_free(&c->in);
    buf_free(&c->out);
}

/* A connection attempt failed before the upgrade: retry later, or give up. */
static void conn_retry(conn_t *c, uint64_t now) {
    conn_drop(c);
    pending--;
    if (++c->attempts >= 50) { c->state = ST_FAILED; failed++; return; }
    retries++;
    c->state = ST_IDLE;
    c->retry_at_ns = now + (uint64_t)c->attempts * 20000000ull;   /* 20 ms, 40 ms, ... */
}

/* The server closed or broke an open connection. */
static void conn_lost(conn_t *c) {
    conn_drop(c);
    c->state = ST_CLOSED;
    closed_early++;
}

static void conn_start(conn_t *c, uint64_t now) {
    c->retry_at_ns = 0;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) { perror("loadgen: socket"); c->state = ST_FAILED; failed++; return; }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)opt_port)};
    inet_pton(AF_INET, opt_host, &addr.sin_addr);
    c->fd = fd;
    c->state = ST_CONNECTING;
    pending++;
    struct epoll_event ev = {.events = EPOLLOUT, .data.u32 = (uint32_t)(c - conns)};
    epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0 && errno != EINPROGRESS) {
        conn_retry(c, now);   /* ECONNREFUSED, EAGAIN (no ephemeral port) ... */
    }
}

static const char handshake_fmt[] =
    "GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
/* RFC 6455 sec 1.3's sample key and its accept value. */
static const char expected_accept[] = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

static void conn_connected(conn_t *c, uint64_t now) {
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err) { conn_retry(c, now); return; }
    char req[512];
    int n = snprintf(req, sizeof req, handshake_fmt, opt_path, opt_host, opt_port);
    if (write(c->fd, req, (size_t)n) != n) { conn_retry(c, now); return; }
    c->state = ST_HANDSHAKE;
    set_events(c, EPOLLIN);
}

/* Send K messages on an open connection. */
static void conn_prime(conn_t *c, uint64_t now);

/* Write pending output. Returns -1 if the connection was lost. */
static int conn_flush(conn_t *c) {
    while (c->out.off < c->out.len) {
        ssize_t n = write(c->fd, c->out.data + c->out.off, c->out.len - c->out.off);
        if (n > 0) { c->out.off += (size_t)n; continue; }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) { set_events(c, EPOLLIN | EPOLLOUT); return 0; }
        conn_lost(c);
        return -1;
    }
    c->out.off = c->out.len = 0;
    set_events(c, EPOLLIN);
    return 0;
}

static int conn_send(conn_t *c, const uint8_t *p, size_t n) {
    if (n == 0) return 0;
    if (c->out.off == c->out.len) {
        while (n > 0) {
            ssize_t w = write(c->fd, p, n);
            if (w > 0) { p += w; n -= (size_t)w; continue; }
            if (w < 0 && errno == EINTR) continue;
            if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
            conn_lost(c);
            return -1;
        }
        if (n == 0) return 0;
    }
    buf_append(&c->out, p, n);
    set_events(c, EPOLLIN | EPOLLOUT);
    return 0;
}

static void conn_prime(conn_t *c, uint64_t now) {
    scratch.off = scratch.len = 0;
    for (int i = 0; i < opt_inflight; i++) {
        append_frame(&scratch, opt_binary ? 0x2 : 0x1, payload, (size_t)opt_size);
        c->sent_ns[(c->head + c->count++) % (uint32_t)opt_inflight] = now;
    }
    conn_send(c, scratch.data, scratch.len);
}

/* Measurement window, set when load starts. */
static uint64_t measure_from_ns, measure_to_ns;
static int load_running;

/*
 * Parse server frames in [p, p+n). Each echo: check it, record its round trip, send the next
 * message into scratch. Returns bytes consumed, or -1 if the connection must be dropped.
 */
static ssize_t handle_frames(conn_t *c, const uint8_t *p, size_t n, uint64_t now) {
    size_t pos = 0;
    while (n - pos >= 2) {
        const uint8_t *f = p + pos;
        uint8_t b0 = f[0], b1 = f[1];
        uint64_t len = b1 & 0x7f;
        size_t hdr = 2;
        if (b1 & 0x80) return -1;                                 /* servers must not mask */
        if (len == 126) { if (n - pos < 4) break; len = (uint64_t)f[2] << 8 | f[3]; hdr = 4; }
        else if (len == 127) {
            if (n - pos < 10) break;
            len = 0;
            for (int i = 0; i < 8; i++) len = len << 8 | f[2 + i];
            hdr = 10;
        }
        if (len > (64u << 20)) return -1;
        if (n - pos < hdr + len) break;
        const uint8_t *body = f + hdr;
        pos += hdr + len;
        uint8_t opcode = b0 & 0x0f;
        if (opcode == 0x9) {                                      /* ping: answer pong */
            append_frame(&scratch, 0xA, body, (size_t)len);
            continue;
        }
        if (opcode == 0xA) continue;
        if (opcode == 0x8) return -1;                             /* server closed */
        int expected = opt_binary ? 0x2 : 0x1;
        if (opt_idle || c->count == 0) { bad_echoes++; continue; } /* unsolicited message */
        if (opcode != expected || !(b0 & 0x80) || len != (uint64_t)opt_size ||
            memcmp(body, payload, (size_t)len) != 0) {
            bad_echoes++;
        }
        uint64_t sent = c->sent_ns[c->head];
        c->head = (c->head + 1) % (uint32_t)opt_inflight;
        c->count--;
        received_total++;
        if (now >= measure_from_ns && now < measure_to_ns) hist_record(now - sent);
        if (load_running) {
            append_frame(&scratch, (uint8_t)expected, payload, (size_t)opt_size);
            c->sent_ns[(c->head + c->count++) % (uint32_t)opt_inflight] = now;
        }
    }
    return (ssize_t)pos;
}

/* Handle the 101 response. Returns bytes consumed, 0 if incomplete, -1 if bad. */
static ssize_t handle_upgrade_response(const uint8_t *p, size_t n) {
    const uint8_t *end = memmem(p, n, "\r\n\r\n", 4);
    if (!end) return n > 8192 ? -1 : 0;
    size_t head = (size_t)(end - p) + 4;
    if (n < 12 || memcmp(p, "HTTP/1.1 101", 12) != 0) return -1;
    if (!memmem(p, head, expected_accept, sizeof expected_accept - 1)) return -1;
    return (ssize_t)head;
}

static void on_readable(conn_t *c, uint64_t now) {
    ssize_t n = read(c->fd, read_chunk, sizeof read_chunk);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
    if (n <= 0) {
        if (c->state == ST_HANDSHAKE) conn_retry(c, now); else conn_lost(c);
        return;
    }
    now = now_ns();   /* one receive (and send) timestamp per read batch */
    const uint8_t *p = read_chunk;
    size_t len = (size_t)n;
    if (c->in.len > c->in.off) {
        buf_append(&c->in, read_chunk, len);
        p = c->in.data + c->in.off;
        len = c->in.len - c->in.off;
    }
    size_t used = 0;
    if (c->state == ST_HANDSHAKE) {
        ssize_t r = handle_upgrade_response(p, len);
        if (r < 0) { conn_drop(c); pending--; c->state = ST_FAILED; failed++; return; }
        if (r == 0) { if (p == read_chunk) buf_append(&c->in, p, len); return; }
        used = (size_t)r;
        c->state = ST_OPEN;
        pending--;
        opened++;
        if (load_running) conn_prime(c, now);
    }
    scratch.off = scratch.len = 0;
    ssize_t r = handle_frames(c, p + used, len - used, now);
    if (r < 0) { conn_lost(c); return; }
    used += (size_t)r;
    if (conn_send(c, scratch.data, scratch.len) < 0) return;
    if (p == read_chunk) {
        if (used < len) buf_append(&c->in, p + used, len - used);
    } else {
        c->in.off += used;
        if (c->in.off == c->in.len) buf_free(&c->in);
    }
}

static void poll_once(int timeout_ms) {
    static struct epoll_event events[1024];
    int n = epoll_wait(epfd, events, 1024, timeout_ms);
    uint64_t now = now_ns();
    for (int i = 0; i < n; i++) {
        conn_t *c = &conns[events[i].data.u32];
        if (c->fd < 0) continue;
        uint32_t ev = events[i].events;
        if (c->state == ST_CONNECTING) {
            if (ev & (EPOLLOUT | EPOLLERR | EPOLLHUP)) conn_connected(c, now);
            continue;
        }
        if ((ev & EPOLLOUT) && c->state == ST_OPEN) { if (conn_flush(c) < 0) continue; }
        if (ev & (EPOLLIN | EPOLLERR | EPOLLHUP)) on_readable(c, now);
    }
}

/* Start new connects (up to --batch pending) and due retries. */
static void pump_connects(uint64_t now) {
    for (int i = 0; retries && i < opt_conns && pending < opt_batch; i++) {
        conn_t *c = &conns[i];
        if (c->state == ST_IDLE && c->retry_at_ns && c->retry_at_ns <= now) conn_start(c, now);
    }
    while (pending < opt_batch && next_to_start < opt_conns) conn_start(&conns[next_to_start++], now);
}

static int connect_all(void) {
    uint64_t start = now_ns();
    uint64_t deadline = start + (uint64_t)(opt_connect_timeout * 1e9);
    while (!stop_requested) {
        uint64_t now = now_ns();
        int retry_waiting = 0;
        if (retries) for (int i = 0; i < opt_conns; i++) if (conns[i].state == ST_IDLE && conns[i].retry_at_ns) { retry_waiting = 1; break; }
        if (opened + failed + closed_early >= opt_conns && !retry_waiting) break;
        if (now >= deadline) break;
        pump_connects(now);
        poll_once(10);
    }
    /* Anything not open by the deadline counts as failed. */
    for (int i = 0; i < opt_conns; i++) {
        conn_t *c = &conns[i];
        if (c->state == ST_IDLE || c->state == ST_CONNECTING || c->state == ST_HANDSHAKE) {
            if (c->fd >= 0) conn_drop(c);
            c->state = ST_FAILED;
            failed++;
        }
    }
    pending = 0;
    return (int)((now_ns() - start) / 1000000);
}

static void usage(const char *argv0) {
    fprintf(stderr,
            "usage: %s [--host H] [--port P] [--conns C] [--inflight K] [--size S] [--binary]\n"
            "          [--warmup SEC] [--duration SEC] [--batch B] [--connect-timeout SEC] [--path /]\n"
            "       %s --idle [--conns C] [--hold SEC (default 600; SIGTERM ends it sooner)] ...\n",
            argv0, argv0);
    exit(2);
}

static void parse_options(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--idle") == 0) { opt_idle = 1; continue; }
        if (strcmp(a, "--binary") == 0) { opt_binary = 1; continue; }
        if (i + 1 >= argc) usage(argv[0]);
        const char *v = argv[++i];
        if (strcmp(a, "--host") == 0) opt_host = v;
        else if (strcmp(a, "--port") == 0) opt_port = atoi(v);
        else if (strcmp(a, "--conns") == 0) opt_conns = atoi(v);
        else if (strcmp(a, "--inflight") == 0) opt_inflight = atoi(v);
        else if (strcmp(a, "--size") == 0) opt_size = atoi(v);
        else if (strcmp(a, "--warmup") == 0) opt_warmup = atof(v);
        else if (strcmp(a, "--duration") == 0) opt_duration = atof(v);
        else if (strcmp(a, "--hold") == 0) opt_hold = atof(v);
        else if (strcmp(a, "--batch") == 0) opt_batch = atoi(v);
        else if (strcmp(a, "--connect-timeout") == 0) opt_connect_timeout = atof(v);
        else if (strcmp(a, "--path") == 0) opt_path = v;
        else usage(argv[0]);
    }
    if (opt_conns < 1 || opt_inflight < 1 || opt_size < 0 || opt_batch < 1 || opt_hold <= 0 ||
        opt_duration <= 0 || opt_warmup < 0)
        usage(argv[0]);
    struct in_addr target;
    if (inet_pton(AF_INET, opt_host, &target) != 1 || (ntohl(target.s_addr) >> 24) != 127) {
        fprintf(stderr, "loadgen: --host must be an IPv4 loopback address (127.0.0.0/8), not %s\n", opt_host);
        exit(2);
    }
}

static void print_connection_fields(int connect_ms) {
    printf("\"connections\":%d,\"requested\":%d,\"failures\":%d,\"closed_early\":%d,"
           "\"connect_retries\":%d,\"connect_ms\":%d", opened - closed_early, opt_conns, failed,
           closed_early, retries, connect_ms);
}

static int run_idle(int connect_ms) {
    printf("{\"mode\":\"idle\",\"phase\":\"ready\",");
    print_connection_fields(connect_ms);
    printf("}\n");
    fflush(stdout);
    uint64_t until = now_ns() + (uint64_t)(opt_hold * 1e9);
    while (!stop_requested && now_ns() < until) poll_once(200);
    printf("{\"mode\":\"idle\",\"phase\":\"done\",");
    print_connection_fields(connect_ms);
    printf(",\"bad_messages\":%llu}\n", (unsigned long long)bad_echoes);
    fflush(stdout);
    return failed || closed_early ? 1 : 0;
}

static int run_load(int connect_ms) {
    if (opened == 0) {
        printf("{\"mode\":\"load\",\"error\":\"no connection opened\",");
        print_connection_fields(connect_ms);
        printf("}\n");
        return 1;
    }
    uint64_t start = now_ns();
    measure_from_ns = start + (uint64_t)(opt_warmup * 1e9);
    measure_to_ns = measure_from_ns + (uint64_t)(opt_duration * 1e9);
    load_running = 1;
    printf("phase: warmup\n");
    fflush(stdout);
    for (int i = 0; i < opt_conns; i++) if (conns[i].state == ST_OPEN) conn_prime(&conns[i], start);
    int measuring = 0;
    double cpu_from = 0, cpu_to = 0;
    uint64_t wall_from = 0, wall_to = 0;
    for (;;) {
        uint64_t now = now_ns();
        if (!measuring && now >= measure_from_ns) {
            measuring = 1;
            cpu_from = cpu_seconds();
            wall_from = now;
            printf("phase: measure\n");
            fflush(stdout);
        }
        if (now >= measure_to_ns || stop_requested) {
            cpu_to = cpu_seconds();
            wall_to = now;
            break;
        }
        poll_once(measuring ? (int)((measure_to_ns - now) / 1000000) + 1 : 10);
    }
    if (!measuring) { wall_from = measure_from_ns; cpu_from = cpu_to; }
    double window = (double)(measure_to_ns - measure_from_ns) / 1e9;
    double cpu_pct = wall_to > wall_from ? 100.0 * (cpu_to - cpu_from) / ((double)(wall_to - wall_from) / 1e9) : 0;
    printf("{\"mode\":\"load\",\"msgs_per_s\":%.0f,\"p50_us\":%.1f,\"p99_us\":%.1f,\"p999_us\":%.1f,"
           "\"mean_us\":%.1f,\"max_us\":%.1f,\"samples\":%llu,\"errors\":%llu,\"bad_echoes\":%llu,",
           (double)hist_count / window, hist_percentile_us(0.50), hist_percentile_us(0.99),
           hist_percentile_us(0.999), hist_count ? hist_sum / (double)hist_count / 1000.0 : 0,
           (double)hist_max / 1000.0, (unsigned long long)hist_count,
           (unsigned long long)(bad_echoes + (uint64_t)failed + (uint64_t)closed_early),
           (unsigned long long)bad_echoes);
    print_connection_fields(connect_ms);
    printf(",\"inflight\":%d,\"size\":%d,\"opcode\":\"%s\",\"warmup_s\":%g,\"duration_s\":%g,"
           "\"loadgen_cpu_pct\":%.1f,\"received_total\":%llu}\n", opt_inflight, opt_size,
           opt_binary ? "binary" : "text", opt_warmup, opt_duration, cpu_pct, (unsigned long long)received_total);
    fflush(stdout);
    return bad_echoes || failed || closed_early ? 1 : 0;
}

int main(int argc, char **argv) {
    parse_options(argc, argv);
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    if ((rlim_t)opt_conns + 16 > rl.rlim_cur) {
        fprintf(stderr, "loadgen: --conns %d needs more than the %llu descriptors a process may hold; "
                "split the connections over several loadgen processes\n", opt_conns, (unsigned long long)rl.rlim_cur);
        return 2;
    }
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    rng ^= (uint64_t)getpid() << 32 ^ now_ns();

    payload = malloc((size_t)opt_size + 1);
    for (int i = 0; i < opt_size; i++) payload[i] = (uint8_t)('a' + i % 26);   /* ASCII: valid UTF-8 */
    conns = calloc((size_t)opt_conns, sizeof *conns);
    for (int i = 0; i < opt_conns; i++) {
        conns[i].fd = -1;
        if (!opt_idle) conns[i].sent_ns = calloc((size_t)opt_inflight, sizeof(uint64_t));
    }
    epfd = epoll_create1(EPOLL_CLOEXEC);
    int connect_ms = connect_all();
    return opt_idle ? run_idle(connect_ms) : run_load(connect_ms);
}
