/*
 * Game load generator for `roost serve`: bots that play over the roost.v1 protocol.
 *
 * One thread, level-triggered epoll, like EchoLoad/loadgen.c; the runner pins it to its own core.
 * Only loopback (127.0.0.0/8) may be targeted, and every run stops by itself.
 *
 * Modes:
 *   cycles    --games G: G x --seats (4) bots. Each: WebSocket (subprotocol roost.v1), hello, login,
 *             then into a 4-seat Cycles game (by default the generator groups idle bots in fours:
 *             one creates a game with a big grid and a long round, the others join it by id;
 *             --match quickplay uses quickplay instead). Bots steer: they keep a shared copy of
 *             each game's walls from the tick updates, turn toward the roomier side when fewer
 *             than 3 free cells are ahead, and every 1-2 s. On game.finished a bot re-queues
 *             at once. Measured: games running, tick updates received per second, the gap between
 *             consecutive ticks at each bot (client-side inter-arrival; 50 ms nominal) and its
 *             deviation from 50 ms (jitter).
 *   connect4  --pairs N: 2N bots in Connect Four games; whoever is to move sends game.move with a
 *             cid at once (or after --think-ms). Measured: moves/s and the move round trip
 *             (game.move sent -> its `ok`).
 *
 * A cluster (--ports P1,P2,...): bot i connects to the i-th port in turn. Each bot learns its node
 * from `welcome.node`, each game its owner from its id (`g-<node>-...`), so every move round trip
 * is classed as local (the mover is connected to the owner) or forwarded (the node it is connected
 * to forwards the move to the owner), and every Connect Four pair as local (both players on the
 * owner), split (one of them) or remote (neither). --local-share S pairs bots by node: a leader
 * creates a game alone, and once its id (so its owner) is known a follower is picked from the
 * queued bots to make a local or a split pair, aiming at S local pairs (a leader placed on another
 * node can only make a split pair); --pool K keeps K bots queued to pick from.
 *
 * Timeline: ramp (connect, at most --batch connects pending and --batch started per 10 ms; failed
 * connects are retried with a growing delay) until every bot is logged in and 95 % are playing (of
 * those not kept in the --pool), or --ramp-timeout; then --settle s; then the measured window of
 * --duration s, bracketed by {"type":"phase","phase":"measure"} and {"type":"phase","phase":"done"}
 * lines (the runner scrapes the server's /metrics on them); then one {"type":"summary",...} line;
 * play goes on for --linger s (so a scrape taken on "done" still sees load), then every connection
 * is closed (close 1000) and the process exits. Every second a {"type":"second",...} line reports
 * progress.
 *
 * Server messages are read with a small bounded JSON scanner (members of an object looked up by
 * key, values skipped with string and bracket awareness); anything unexpected is counted, never
 * trusted: coordinates are range-checked before they touch a grid.
 *
 * Lost connections (close frame or EOF) are counted by close code and reconnected after 1-2 s as
 * new sessions (no resume), unless --no-reconnect.
 *
 * Build: cc -O2 -o gameload gameload.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MS 1000000ull
#define SEC 1000000000ull
#define MAX_MESSAGE_BYTES (1u << 20)
#define MAX_SEATS 8
#define ID_CAP 65 /* identifiers are 1-64 characters */

/* ---------------------------------------------------------------- options */

enum { MODE_CYCLES, MODE_CONNECT4 };
enum { MATCH_CREATE, MATCH_QUICKPLAY };

static int opt_mode = -1;
static const char *opt_host = "127.0.0.1";
static int opt_port = 8080;
static int opt_games = 50, opt_pairs = 50, opt_seats = 4;
static int opt_match = MATCH_CREATE;
static int opt_width = 128, opt_height = 128, opt_round_ms = 600000, opt_countdown_ms = 1000;
static int opt_turn_min_ms = 1000, opt_turn_max_ms = 2000;
static double opt_ramp_timeout = 120, opt_settle = 5, opt_duration = 15, opt_linger = 1;
static double opt_wait_timeout = 20, opt_max_seconds = 0;
static int opt_batch = 200;
static int opt_reconnect = 1;
static int opt_quiet = 0;
static const char *opt_path = "/ws";
#define MAX_PORTS 8
static int opt_ports[MAX_PORTS], opt_nports;   /* --ports: bot i connects to opt_ports[i % opt_nports] */
static double opt_think_ms = 0;                /* Connect Four: wait this long (x 0.5-1.5) before a move */
static double opt_local_share = -1;            /* >= 0: pair bots by node (see the header) */
static int opt_pool = -1;                      /* bots kept queued for node-aware pairing (-1: 2 per port) */

/* ---------------------------------------------------------------- histogram (log-linear, ns) */

#define SUB_BITS 7
#define SUB_COUNT (1 << SUB_BITS)
#define HIST_BUCKETS ((64 - SUB_BITS) * SUB_COUNT + SUB_COUNT * 2)

typedef struct {
    uint64_t b[HIST_BUCKETS];
    uint64_t count, max;
    double sum;
} hist_t;

static inline int hist_index(uint64_t v) {
    if (v < 2 * SUB_COUNT) return (int)v;
    int shift = 63 - __builtin_clzll(v) - SUB_BITS;
    return (shift << SUB_BITS) + (int)(v >> shift);
}

static inline uint64_t hist_value(int index) {
    if (index < 2 * SUB_COUNT) return (uint64_t)index;
    int shift = (index >> SUB_BITS) - 1;
    uint64_t sub = (uint64_t)(index - (shift << SUB_BITS));
    return (sub << shift) + ((1ull << shift) >> 1);
}

static inline void hist_record(hist_t *h, uint64_t v) {
    h->b[hist_index(v)]++;
    h->count++;
    h->sum += (double)v;
    if (v > h->max) h->max = v;
}

/* The q-quantile in ns (0 when empty). */
static double hist_quantile(const hist_t *h, double q) {
    if (h->count == 0) return 0;
    uint64_t rank = (uint64_t)(q * (double)h->count + 0.5);
    if (rank < 1) rank = 1;
    uint64_t seen = 0;
    for (int i = 0; i < HIST_BUCKETS; i++) {
        seen += h->b[i];
        if (seen >= rank) return (double)hist_value(i);
    }
    return (double)h->max;
}

static void hist_reset(hist_t *h) { memset(h, 0, sizeof *h); }

/* ---------------------------------------------------------------- buffers and frames */

typedef struct {
    uint8_t *data;
    size_t off, len, cap;
} buffer_t;

static void buf_reserve(buffer_t *b, size_t extra) {
    if (b->off > 0 && b->off == b->len) b->off = b->len = 0;
    if (b->len + extra <= b->cap) return;
    if (b->off > 0) {
        memmove(b->data, b->data + b->off, b->len - b->off);
        b->len -= b->off;
        b->off = 0;
        if (b->len + extra <= b->cap) return;
    }
    size_t cap = b->cap ? b->cap : 512;
    while (cap < b->len + extra) cap *= 2;
    b->data = realloc(b->data, cap);
    if (!b->data) { perror("gameload: realloc"); exit(1); }
    b->cap = cap;
}

static void buf_append(buffer_t *b, const void *p, size_t n) {
    if (n == 0) return;
    buf_reserve(b, n);
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

static void buf_free(buffer_t *b) { free(b->data); memset(b, 0, sizeof *b); }

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static inline uint64_t next_random(void) {
    rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
    return rng;
}

/* Append one masked client frame (FIN set) to b (RFC 6455 sec 5.3: a fresh key per frame). */
static void append_frame(buffer_t *b, uint8_t opcode, const uint8_t *p, size_t n) {
    buf_reserve(b, 14 + n);
    uint8_t *o = b->data + b->len;
    size_t h;
    o[0] = (uint8_t)(0x80 | opcode);
    if (n < 126) { o[1] = (uint8_t)(0x80 | n); h = 2; }
    else if (n < 65536) { o[1] = 0x80 | 126; o[2] = (uint8_t)(n >> 8); o[3] = (uint8_t)n; h = 4; }
    else { o[1] = 0x80 | 127; for (int i = 0; i < 8; i++) o[2 + i] = (uint8_t)((uint64_t)n >> (56 - 8 * i)); h = 10; }
    uint32_t key = (uint32_t)next_random();
    memcpy(o + h, &key, 4);
    const uint8_t *kb = o + h;
    uint8_t *dst = o + h + 4;
    for (size_t i = 0; i < n; i++) dst[i] = p[i] ^ kb[i & 3];
    b->len += h + 4 + n;
}

/* ---------------------------------------------------------------- bounded JSON scanning */

/*
 * Just enough JSON for a bot: look up a member of an object by key, read an integer or a plain
 * string. Every function takes the end of the input and returns NULL (or 0) when the input is not
 * what it expects; nothing reads past `e`. Keys and strings with escapes are treated as
 * not-matching; the server's identifiers and message types never need escapes.
 */
static inline const char *skip_ws(const char *p, const char *e) {
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
    return p;
}

/* p at '"': returns the position after the closing quote. */
static const char *skip_string(const char *p, const char *e) {
    for (p++; p < e; p++) {
        if (*p == '\\') { p++; continue; }
        if (*p == '"') return p + 1;
    }
    return NULL;
}

static const char *skip_value(const char *p, const char *e) {
    p = skip_ws(p, e);
    if (p >= e) return NULL;
    if (*p == '"') return skip_string(p, e);
    if (*p == '{' || *p == '[') {
        int depth = 0;
        while (p < e) {
            char c = *p;
            if (c == '"') { if (!(p = skip_string(p, e))) return NULL; continue; }
            if (c == '{' || c == '[') depth++;
            else if ((c == '}' || c == ']') && --depth == 0) return p + 1;
            p++;
        }
        return NULL;
    }
    const char *s = p;
    while (p < e && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\n' && *p != '\r' && *p != '\t') p++;
    return p > s ? p : NULL;
}

/* o at an object: the start of the value of member `key`, or NULL. */
static const char *json_member(const char *o, const char *e, const char *key) {
    if (!o) return NULL;
    size_t klen = strlen(key);
    const char *p = skip_ws(o, e);
    if (p >= e || *p != '{') return NULL;
    p++;
    for (;;) {
        p = skip_ws(p, e);
        if (p >= e || *p != '"') return NULL;
        const char *ks = p + 1, *ke = skip_string(p, e);
        if (!ke) return NULL;
        size_t n = (size_t)(ke - 1 - ks);
        p = skip_ws(ke, e);
        if (p >= e || *p != ':') return NULL;
        p = skip_ws(p + 1, e);
        if (n == klen && memcmp(ks, key, n) == 0) return p;
        if (!(p = skip_value(p, e))) return NULL;
        p = skip_ws(p, e);
        if (p >= e || *p != ',') return NULL;
        p++;
    }
}

/* v at an integer (|value| < 10^15): 1 and *out, or 0 (null, float, string...). Sets *next if given. */
static int json_int_at(const char *v, const char *e, long long *out, const char **next) {
    if (!v) return 0;
    const char *p = skip_ws(v, e);
    int neg = 0;
    if (p < e && *p == '-') { neg = 1; p++; }
    const char *s = p;
    long long x = 0;
    while (p < e && *p >= '0' && *p <= '9' && p - s < 15) x = x * 10 + (*p++ - '0');
    if (p == s || (p < e && (*p == '.' || *p == 'e' || *p == 'E' || (*p >= '0' && *p <= '9')))) return 0;
    *out = neg ? -x : x;
    if (next) *next = p;
    return 1;
}

static int json_int(const char *o, const char *e, const char *key, long long *out) {
    return json_int_at(json_member(o, e, key), e, out, NULL);
}

/* Copies member `key`'s string (no escapes, shorter than cap) into buf; returns its length or -1. */
static int json_str(const char *o, const char *e, const char *key, char *buf, size_t cap) {
    const char *v = json_member(o, e, key);
    if (!v || v >= e || *v != '"') return -1;
    const char *s = v + 1, *p = s;
    while (p < e && *p != '"' && *p != '\\' && (size_t)(p - s) < cap - 1) p++;
    if (p >= e || *p != '"') return -1;
    memcpy(buf, s, (size_t)(p - s));
    buf[p - s] = 0;
    return (int)(p - s);
}

/* ---------------------------------------------------------------- cluster nodes */

/* Node names seen in `welcome.node` and in game ids, interned to small indexes. */
#define MAX_NODES 16
#define NODE_CAP 33
static char node_names[MAX_NODES][NODE_CAP];
static int nnodes, node_bots[MAX_NODES];

/* The index of node `name` (added if new), or -1 when the table is full. */
static int node_index(const char *name, size_t len) {
    if (len == 0 || len >= NODE_CAP) return -1;
    for (int i = 0; i < nnodes; i++)
        if (strlen(node_names[i]) == len && memcmp(node_names[i], name, len) == 0) return i;
    if (nnodes == MAX_NODES) return -1;
    memcpy(node_names[nnodes], name, len);
    node_names[nnodes][len] = 0;
    return nnodes++;
}

/* The owner of game `id` (`g-<node>-<shard>-...`, Protocol/README.md: ids carry a hint for the
 * server; the benchmark reads it to class round trips), or -1. */
static int game_owner(const char *id) {
    if (strncmp(id, "g-", 2) != 0) return -1;
    const char *end = strchr(id + 2, '-');
    return end ? node_index(id + 2, (size_t)(end - (id + 2))) : -1;
}

/* ---------------------------------------------------------------- bots and games */

enum { ST_IDLE, ST_CONNECTING, ST_HANDSHAKE, ST_OPEN };
enum {
    P_CONNECT,       /* not connected (or handshake in progress) */
    P_HELLO,         /* hello sent, waiting for welcome */
    P_LOGIN,         /* login sent, waiting for login.ok */
    P_QUEUED,        /* logged in, waiting to be matched (create mode) */
    P_AWAIT_LEADER,  /* matched as a follower: waiting for the leader's game id */
    P_JOINING,       /* create, join or quickplay sent, waiting for game.joined */
    P_WAITING,       /* in a game that has not started */
    P_PLAYING,       /* in a running game */
};

typedef struct {
    int fd, state, attempts, dead;
    uint64_t retry_at_ns;
    buffer_t in, out, frag;
    uint8_t frag_opcode;
    int phase, in_queue;
    uint64_t phase_since_ns;
    uint64_t requeue_at_ns;          /* a refused create/join: queue again at this time */
    int game;                        /* index into games[], or -1 */
    int seat;
    int leader;                      /* follower: the bot creating the game */
    int followers[MAX_SEATS - 1], nfollowers;
    uint32_t next_cid, create_cid;
    /* Cycles */
    int x, y, dir, riding, want_dir;
    uint64_t want_since_ns;
    long long last_n;
    uint64_t last_tick_ns, next_turn_ns;
    /* Connect Four */
    uint32_t move_cid;
    int move_col;
    uint64_t move_sent_ns;
    uint64_t move_due_ns;            /* --think-ms: the move goes out at this time (0: none due) */
    /* cluster */
    int node;                        /* from welcome.node, -1 until then */
    int pool_leader;                 /* --local-share: created a game, still needs a follower */
} bot_t;

typedef struct {
    char id[ID_CAP];
    int used, refs, started, finished;
    int w, h;
    long long last_n;                /* Cycles: last tick applied to grid */
    uint8_t *grid;                   /* Cycles: walls (1) of every trail, w*h */
    int8_t heights[7];               /* Connect Four: stones per column */
    int owner;                       /* node index from the id, -1 if unknown */
    int members, on_owner;           /* bots that joined it, and how many of them on the owner */
    int pair_class;                  /* Connect Four: PAIR_LOCAL/SPLIT/REMOTE once both joined, else -1 */
} game_t;

/* Round trips by the mover's connection: to the owner node, or to another that forwards. */
enum { RTT_LOCAL, RTT_FORWARDED };
/* Connect Four pairs by how many of the two players are connected to the owner: 2, 1, 0. */
enum { PAIR_LOCAL, PAIR_SPLIT, PAIR_REMOTE, PAIR_UNKNOWN };

static bot_t *bots;
static int nbots, seats_per_game;
static game_t *games;
static int *free_games, nfree_games, games_high;
static int epfd;
static volatile sig_atomic_t stop_requested;
static uint8_t read_chunk[256 * 1024];
static int stopping;                 /* closing down: no reconnects */
static int to_connect;               /* bots with a (re)connect scheduled */

/* Match queue (create mode): bots waiting for a game, FIFO. */
static int *queue_ring, queue_head, queue_count;
static int forming[MAX_SEATS], nforming;

/* ---------------------------------------------------------------- statistics */

#define CODE_SLOTS 32
typedef struct { char name[40]; uint64_t count; } code_count_t;

static struct {
    /* connections */
    int pending, open, logged_in, playing;
    uint64_t connects, connect_failures, connect_retries, lost, handshake_failures, no_subprotocol;
    uint64_t http_status[600];
    uint64_t close_codes[5000], closes_without_frame;
    /* messages */
    uint64_t msgs_in, bad_messages, unknown_types, stale_messages, pings;
    code_count_t errors[CODE_SLOTS];
    uint64_t errors_total;
    /* games */
    int games_running;
    uint64_t games_created, games_started, games_finished, wait_timeouts, create_failures, join_failures;
    uint64_t finished_ticks_total;
    /* cycles */
    uint64_t ticks_in, turns_sent, tick_skips, crashes, bad_ticks, bad_snapshots;
    /* connect4 */
    uint64_t moves_sent, moves_ok, moves_refused;
    uint64_t moves_ok_by[2][4];      /* [RTT_*][PAIR_*] */
    uint64_t pairs_formed[3];        /* [PAIR_*], when the second player joined */
    int queued;                      /* bots in P_QUEUED */
    long long server_mps, server_burst;
} st;

/* Window histograms: measured window only. Second histograms: reset every second. */
static hist_t win_gap, win_jitter, win_rtt, sec_gap, sec_rtt;
static hist_t win_rtt_by[2][4];      /* [RTT_*][PAIR_*], measured window */
static int measuring;

static void count_code(code_count_t *table, const char *name) {
    for (int i = 0; i < CODE_SLOTS; i++) {
        if (table[i].name[0] == 0) { snprintf(table[i].name, sizeof table[i].name, "%s", name); table[i].count = 1; return; }
        if (strcmp(table[i].name, name) == 0) { table[i].count++; return; }
    }
    table[CODE_SLOTS - 1].count++;   /* overflow lands in the last slot */
}

static inline uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * SEC + (uint64_t)ts.tv_nsec;
}

static double cpu_seconds(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static void on_signal(int sig) { (void)sig; stop_requested = 1; }

/* ---------------------------------------------------------------- game table */

static int game_find_or_add(const char *id) {
    for (int i = 0; i < games_high; i++) if (games[i].used && strcmp(games[i].id, id) == 0) return i;
    int g = nfree_games > 0 ? free_games[--nfree_games] : games_high++;
    memset(&games[g], 0, sizeof games[g]);
    games[g].used = 1;
    snprintf(games[g].id, ID_CAP, "%s", id);
    games[g].owner = game_owner(id);
    games[g].pair_class = -1;
    return g;
}

static void game_mark_finished(game_t *g) {
    if (g->finished) return;
    g->finished = 1;
    if (g->started) {
        st.games_running--;
        st.games_finished++;
        st.finished_ticks_total += g->last_n > 0 ? (uint64_t)g->last_n : 0;
    }
}

static void bot_set_phase(bot_t *b, int phase, uint64_t now) {
    if (b->phase == P_PLAYING) st.playing--;
    if (phase == P_PLAYING) st.playing++;
    if (b->phase >= P_QUEUED && phase < P_QUEUED) st.logged_in--;
    if (b->phase < P_QUEUED && phase >= P_QUEUED) st.logged_in++;
    if (b->phase == P_QUEUED) st.queued--;
    if (phase == P_QUEUED) st.queued++;
    if (phase != P_JOINING && phase != P_WAITING) b->pool_leader = 0;
    b->move_due_ns = 0;
    b->phase = phase;
    b->phase_since_ns = now;
}

static void bot_leave_game(bot_t *b) {
    if (b->game < 0) return;
    game_t *g = &games[b->game];
    if (--g->refs <= 0) {
        if (g->started && !g->finished) st.games_running--;   /* every bot left a running game */
        free(g->grid);
        memset(g, 0, sizeof *g);
        free_games[nfree_games++] = b->game;
    }
    b->game = -1;
}

/* ---------------------------------------------------------------- sending */

static void set_events(bot_t *b, uint32_t events) {
    struct epoll_event ev = {.events = events, .data.u32 = (uint32_t)(b - bots)};
    epoll_ctl(epfd, EPOLL_CTL_MOD, b->fd, &ev);
}

/* Writes b->out; a failed write marks the bot dead (reaped by the caller's caller). */
static void bot_flush(bot_t *b) {
    while (b->out.off < b->out.len) {
        ssize_t n = write(b->fd, b->out.data + b->out.off, b->out.len - b->out.off);
        if (n > 0) { b->out.off += (size_t)n; continue; }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) { set_events(b, EPOLLIN | EPOLLOUT); return; }
        b->dead = 1;
        return;
    }
    b->out.off = b->out.len = 0;
    set_events(b, EPOLLIN);
}

static void bot_send_frame(bot_t *b, uint8_t opcode, const void *p, size_t n) {
    if (b->fd < 0 || b->dead || b->state != ST_OPEN) return;
    int was_empty = b->out.off == b->out.len;
    append_frame(&b->out, opcode, p, n);
    if (was_empty) bot_flush(b);
}

static void bot_send(bot_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void bot_send(bot_t *b, const char *fmt, ...) {
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (n <= 0 || (size_t)n >= sizeof text) return;
    bot_send_frame(b, 0x1, text, (size_t)n);
}

/* ---------------------------------------------------------------- matchmaking */

static void bot_queue(bot_t *b, uint64_t now) {
    bot_set_phase(b, P_QUEUED, now);
    b->requeue_at_ns = 0;
    b->nfollowers = 0;
    b->leader = -1;
    if (opt_match == MATCH_QUICKPLAY) {
        b->create_cid = ++b->next_cid;
        bot_send(b, "{\"t\":\"quickplay\",\"cid\":%u,\"kind\":\"%s\"}", b->create_cid,
                 opt_mode == MODE_CYCLES ? "cycles" : "connect4");
        bot_set_phase(b, P_JOINING, now);
        return;
    }
    if (b->in_queue) return;   /* a stale entry is still queued; it is valid again */
    b->in_queue = 1;
    queue_ring[(queue_head + queue_count++) % nbots] = (int)(b - bots);
}

static void reap(bot_t *b, uint64_t now);

/* --local-share: a queued bot to follow `leader` into game g, on the owner node or off it as the
 * share of local pairs asks (a leader off the owner always wants one on the owner: a split pair);
 * any queued bot when none fits; -1 when none is queued. */
static int pick_follower(const bot_t *leader, const game_t *g) {
    int leader_on_owner = leader->node >= 0 && leader->node == g->owner;
    uint64_t formed = st.pairs_formed[PAIR_LOCAL] + st.pairs_formed[PAIR_SPLIT] + st.pairs_formed[PAIR_REMOTE];
    int want_on_owner = !leader_on_owner || (double)st.pairs_formed[PAIR_LOCAL] < opt_local_share * (double)(formed + 1);
    int fallback = -1;
    for (int k = 0; k < queue_count; k++) {
        int i = queue_ring[(queue_head + k) % nbots];
        const bot_t *f = &bots[i];
        if (f == leader || !f->in_queue || f->phase != P_QUEUED || f->state != ST_OPEN || f->dead) continue;
        int on_owner = f->node >= 0 && f->node == g->owner;
        if (on_owner == want_on_owner) return i;
        if (fallback < 0) fallback = i;
    }
    return fallback;
}

/* --local-share: leaders create games alone while enough bots stay queued to follow every leader
 * and to leave --pool to pick from; a leader whose game.joined came gets its follower here. A
 * follower taken from the middle of the queue leaves a stale entry, skipped when it comes up. */
static void pump_pool(uint64_t now) {
    int leading = 0;
    for (int i = 0; i < nbots; i++) {
        bot_t *l = &bots[i];
        if (!l->pool_leader || l->state != ST_OPEN || l->dead) continue;
        if (l->phase == P_WAITING && l->game >= 0) {
            int f = pick_follower(l, &games[l->game]);
            if (f >= 0) {
                bot_t *fb = &bots[f];
                fb->create_cid = ++fb->next_cid;
                fb->leader = i;
                bot_send(fb, "{\"t\":\"game.join\",\"cid\":%u,\"game\":\"%s\"}", fb->create_cid, games[l->game].id);
                bot_set_phase(fb, P_JOINING, now);
                l->pool_leader = 0;
                reap(fb, now);
                continue;
            }
        }
        leading++;
    }
    while (queue_count > 0 && st.queued >= leading + 2 + opt_pool) {
        int i = queue_ring[queue_head];
        queue_head = (queue_head + 1) % nbots;
        queue_count--;
        bot_t *l = &bots[i];
        l->in_queue = 0;
        if (l->phase != P_QUEUED || l->state != ST_OPEN || l->dead) continue;
        l->create_cid = ++l->next_cid;
        bot_send(l, "{\"t\":\"game.create\",\"cid\":%u,\"kind\":\"connect4\"}", l->create_cid);
        st.games_created++;
        bot_set_phase(l, P_JOINING, now);
        l->nfollowers = 0;
        l->pool_leader = 1;
        leading++;
        reap(l, now);
    }
}

/* Groups queued bots: the first of each group creates the game, the others join it by id. */
static void pump_matchmaking(uint64_t now) {
    if (opt_local_share >= 0) { pump_pool(now); return; }
    while (queue_count > 0 || nforming == seats_per_game) {
        if (nforming < seats_per_game) {
            int i = queue_ring[queue_head];
            queue_head = (queue_head + 1) % nbots;
            queue_count--;
            bots[i].in_queue = 0;
            if (bots[i].phase == P_QUEUED && bots[i].state == ST_OPEN && !bots[i].dead) forming[nforming++] = i;
            continue;
        }
        /* Members queued long ago may have been lost since. */
        int live = 0;
        for (int k = 0; k < nforming; k++) {
            bot_t *m = &bots[forming[k]];
            if (m->phase == P_QUEUED && m->state == ST_OPEN && !m->dead) forming[live++] = forming[k];
        }
        nforming = live;
        if (nforming < seats_per_game) continue;
        bot_t *leader = &bots[forming[0]];
        leader->create_cid = ++leader->next_cid;
        if (opt_mode == MODE_CYCLES)
            bot_send(leader,
                     "{\"t\":\"game.create\",\"cid\":%u,\"kind\":\"cycles\",\"seats\":%d,\"options\":{\"width\":%d,"
                     "\"height\":%d,\"roundTimeLimitMilliseconds\":%d,\"countdownMilliseconds\":%d}}",
                     leader->create_cid, seats_per_game, opt_width, opt_height, opt_round_ms, opt_countdown_ms);
        else
            bot_send(leader, "{\"t\":\"game.create\",\"cid\":%u,\"kind\":\"connect4\"}", leader->create_cid);
        st.games_created++;
        bot_set_phase(leader, P_JOINING, now);
        leader->nfollowers = 0;
        for (int k = 1; k < nforming; k++) {
            bot_t *f = &bots[forming[k]];
            leader->followers[leader->nfollowers++] = forming[k];
            f->leader = forming[0];
            bot_set_phase(f, P_AWAIT_LEADER, now);
        }
        nforming = 0;
    }
}

/* The leader's create failed or it was lost: its followers go back to the queue. */
static void release_followers(bot_t *leader, uint64_t now) {
    int self = (int)(leader - bots);
    for (int k = 0; k < leader->nfollowers; k++) {
        bot_t *f = &bots[leader->followers[k]];
        if (f->phase == P_AWAIT_LEADER && f->leader == self) bot_queue(f, now);
    }
    leader->nfollowers = 0;
}

/* ---------------------------------------------------------------- connections */

static void conn_drop(bot_t *b) {
    if (b->fd >= 0) { epoll_ctl(epfd, EPOLL_CTL_DEL, b->fd, NULL); close(b->fd); }
    b->fd = -1;
    buf_free(&b->in);
    buf_free(&b->out);
    buf_free(&b->frag);
}

/* A connect or handshake failed: retry later with a growing delay, or give up after 50 tries. */
static void conn_retry(bot_t *b, uint64_t now) {
    conn_drop(b);
    st.pending--;
    b->state = ST_IDLE;
    if (++b->attempts >= 50 || stopping) { st.connect_failures++; b->retry_at_ns = 0; return; }
    st.connect_retries++;
    b->retry_at_ns = now + (uint64_t)b->attempts * 20 * MS;
    to_connect++;
}

/* An open connection ended (close frame, EOF, write error). */
static void bot_lost(bot_t *b, uint64_t now) {
    st.lost++;
    if (b->phase == P_JOINING && b->nfollowers) release_followers(b, now);
    bot_leave_game(b);
    bot_set_phase(b, P_CONNECT, now);
    conn_drop(b);
    b->state = ST_IDLE;
    b->dead = 0;
    st.open--;
    b->attempts = 0;
    b->retry_at_ns = opt_reconnect && !stopping ? now + SEC + next_random() % SEC : 0;
    if (b->retry_at_ns) to_connect++;
}

static void reap(bot_t *b, uint64_t now) {
    if (b->dead && b->state == ST_OPEN) { st.closes_without_frame++; bot_lost(b, now); }
}

/* The port bot b connects to: its node's with --ports. */
static int bot_port(const bot_t *b) {
    return opt_nports ? opt_ports[(b - bots) % opt_nports] : opt_port;
}

static void conn_start(bot_t *b, uint64_t now) {
    b->retry_at_ns = 0;
    to_connect--;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) { st.connect_failures++; b->state = ST_IDLE; return; }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)bot_port(b))};
    inet_pton(AF_INET, opt_host, &addr.sin_addr);
    b->fd = fd;
    b->state = ST_CONNECTING;
    b->dead = 0;
    st.pending++;
    st.connects++;
    struct epoll_event ev = {.events = EPOLLOUT, .data.u32 = (uint32_t)(b - bots)};
    epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0 && errno != EINPROGRESS) conn_retry(b, now);
}

static const char handshake_fmt[] =
    "GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
    "Sec-WebSocket-Protocol: roost.v1\r\n\r\n";
/* RFC 6455 sec 1.3's sample key and its accept value. */
static const char expected_accept[] = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

static void conn_connected(bot_t *b, uint64_t now) {
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(b->fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err) { conn_retry(b, now); return; }
    char req[512];
    int n = snprintf(req, sizeof req, handshake_fmt, opt_path, opt_host, bot_port(b));
    if (write(b->fd, req, (size_t)n) != n) { conn_retry(b, now); return; }
    b->state = ST_HANDSHAKE;
    set_events(b, EPOLLIN);
}

/* The 101 response: bytes consumed, 0 if incomplete, -1 if refused (status counted). */
static ssize_t handle_upgrade_response(const uint8_t *p, size_t n) {
    const uint8_t *end = memmem(p, n, "\r\n\r\n", 4);
    if (!end) return n > 8192 ? -1 : 0;
    size_t head = (size_t)(end - p) + 4;
    int status = 0;
    if (n >= 12 && memcmp(p, "HTTP/1.1 ", 9) == 0) status = (p[9] - '0') * 100 + (p[10] - '0') * 10 + (p[11] - '0');
    if (status >= 100 && status < 600) st.http_status[status]++;
    if (status != 101 || !memmem(p, head, expected_accept, sizeof expected_accept - 1)) return -1;
    /* The server must select roost.v1 (Protocol/README.md sec 1); go on without it, but count it. */
    int found = 0;
    for (const uint8_t *q = p; q + 32 <= p + head; q++) {
        if ((*q == 'S' || *q == 's') && strncasecmp((const char *)q, "sec-websocket-protocol:", 23) == 0) {
            const uint8_t *eol = memmem(q, (size_t)(p + head - q), "\r\n", 2);
            found = eol && memmem(q, (size_t)(eol - q), "roost.v1", 8) != NULL;
            break;
        }
    }
    if (!found) st.no_subprotocol++;
    return (ssize_t)head;
}

/* ---------------------------------------------------------------- Cycles bot */

static const int dir_dx[4] = {0, 1, 0, -1}, dir_dy[4] = {-1, 0, 1, 0};
static const char *const dir_name[4] = {"north", "east", "south", "west"};

/* Free cells from (x, y) heading d, not counting (x, y), up to cap. */
static int run_length(const game_t *g, int x, int y, int d, int cap) {
    int n = 0;
    while (n < cap) {
        x += dir_dx[d];
        y += dir_dy[d];
        if (x < 0 || y < 0 || x >= g->w || y >= g->h || g->grid[y * g->w + x]) break;
        n++;
    }
    return n;
}

static void mark_wall(game_t *g, long long x, long long y) {
    if (g->grid && x >= 0 && y >= 0 && x < g->w && y < g->h) g->grid[y * g->w + x] = 1;
}

static void steer(bot_t *b, game_t *g, uint64_t now) {
    if (!b->riding || !g->grid) return;
    if (b->want_dir >= 0) {
        /*
         * A turn is on its way; don't pile on until a tick shows it (or it clearly got lost). By
         * time, not by tick count: a server that is behind reads the turn late, and a second turn
         * chosen from the old heading could reverse the queued one (illegal_move).
         */
        if (b->dir == b->want_dir || now - b->want_since_ns > SEC) b->want_dir = -1;
        else return;
    }
    int left = (b->dir + 3) & 3, right = (b->dir + 1) & 3;
    int ahead = run_length(g, b->x, b->y, b->dir, 3);
    int want = -1;
    if (ahead < 3) {
        int lr = run_length(g, b->x, b->y, left, 64), rr = run_length(g, b->x, b->y, right, 64);
        int best = lr > rr ? left : lr < rr ? right : (next_random() & 1 ? left : right);
        if ((lr > rr ? lr : rr) > ahead) want = best;
    } else if (now >= b->next_turn_ns) {
        b->next_turn_ns = now + (uint64_t)(opt_turn_min_ms + (int)(next_random() % (uint64_t)(opt_turn_max_ms - opt_turn_min_ms + 1))) * MS;
        int lr = run_length(g, b->x, b->y, left, 32), rr = run_length(g, b->x, b->y, right, 32);
        int best = (lr >= 16 && rr >= 16) ? (next_random() & 1 ? left : right) : lr > rr ? left : right;
        if ((best == left ? lr : rr) > 4) want = best;
    }
    if (want < 0) return;
    bot_send(b, "{\"t\":\"game.move\",\"game\":\"%s\",\"move\":\"%s\"}", g->id, dir_name[want]);
    st.turns_sent++;
    b->want_dir = want;
    b->want_since_ns = now;
}

/* {"k":"tick","n":N,"h":[seat,x,y,heading,...],"x":[crash,...]} */
static void cycles_tick(bot_t *b, game_t *g, const char *u, const char *e, uint64_t now) {
    long long n;
    const char *h = json_member(u, e, "h");
    if (!json_int(u, e, "n", &n) || !h || *h != '[') { st.bad_ticks++; return; }
    st.ticks_in++;
    /* Inter-arrival only between consecutive ticks, so a countdown never counts. */
    if (b->last_tick_ns && n == b->last_n + 1) {
        uint64_t gap = now - b->last_tick_ns;
        hist_record(&sec_gap, gap);
        if (measuring) {
            hist_record(&win_gap, gap);
            hist_record(&win_jitter, gap > 50 * MS ? gap - 50 * MS : 50 * MS - gap);
        }
    }
    if (b->last_n > 0 && n > b->last_n + 1) st.tick_skips++;
    b->last_n = n;
    b->last_tick_ns = now;
    int apply = n > g->last_n;
    if (apply) {
        g->last_n = n;
        if (json_member(u, e, "x")) {
            const char *x = json_member(u, e, "x");
            /* Count crashes by their "seat" members (crashes are rare; a rough count is enough). */
            const char *xe = skip_value(x, e);
            for (const char *q = x; xe && q + 6 < xe; q++) if (memcmp(q, "\"seat\"", 6) == 0) st.crashes++;
        }
    }
    /* Heads: a flat array of 4 integers per riding cycle (at most 64 seats). */
    long long flat[4 * 64];
    int nflat = 0;
    const char *p = skip_ws(h + 1, e);
    while (p < e && *p != ']' && nflat < 4 * 64) {
        if (!json_int_at(p, e, &flat[nflat], &p)) { st.bad_ticks++; return; }
        nflat++;
        p = skip_ws(p, e);
        if (p < e && *p == ',') p = skip_ws(p + 1, e);
    }
    if (nflat % 4) { st.bad_ticks++; return; }
    int found = 0;
    for (int i = 0; i < nflat; i += 4) {
        long long seat = flat[i], x = flat[i + 1], y = flat[i + 2], d = flat[i + 3];
        if (d < 0 || d > 3) { st.bad_ticks++; continue; }
        if (apply) {
            mark_wall(g, x, y);
            mark_wall(g, x - dir_dx[d], y - dir_dy[d]);   /* the cell it came from (first: its spawn) */
        }
        if (seat == b->seat && x >= 0 && y >= 0 && x < 4096 && y < 4096) {
            found = 1;
            b->x = (int)x;
            b->y = (int)y;
            b->dir = (int)d;
        }
    }
    b->riding = found;
    steer(b, g, now);
}

/* ---------------------------------------------------------------- Connect Four bot */

static void connect4_move(bot_t *b, game_t *g, uint64_t now) {
    int open[7], nopen = 0;
    for (int c = 0; c < 7; c++) if (g->heights[c] < 6) open[nopen++] = c;
    if (nopen == 0) return;
    int c = open[next_random() % (uint64_t)nopen];
    b->move_cid = ++b->next_cid;
    b->move_col = c;
    b->move_sent_ns = now;
    bot_send(b, "{\"t\":\"game.move\",\"cid\":%u,\"game\":\"%s\",\"move\":%d}", b->move_cid, g->id, c);
    st.moves_sent++;
}

/* Our turn: move now, or after the think time (a moderate load instead of as fast as possible). */
static void connect4_turn(bot_t *b, game_t *g, uint64_t now) {
    if (opt_think_ms <= 0) { connect4_move(b, g, now); return; }
    double ms = opt_think_ms * (0.5 + (double)(next_random() % 1000) / 1000.0);
    b->move_due_ns = now + (uint64_t)(ms * 1e6);
    if (!b->move_due_ns) b->move_due_ns = 1;
}

/* Moves whose think time is over. */
static void send_due_moves(uint64_t now) {
    for (int i = 0; i < nbots; i++) {
        bot_t *b = &bots[i];
        if (!b->move_due_ns || now < b->move_due_ns) continue;
        b->move_due_ns = 0;
        if (b->phase != P_PLAYING || b->game < 0 || games[b->game].finished || b->state != ST_OPEN || b->dead) continue;
        connect4_move(b, &games[b->game], now);
        reap(b, now);
    }
}

static void connect4_update(bot_t *b, game_t *g, const char *u, const char *e, uint64_t now) {
    char k[16];
    long long seat, column, row;
    if (json_str(u, e, "k", k, sizeof k) < 0) { st.bad_messages++; return; }
    if (strcmp(k, "placed") == 0) {
        if (json_int(u, e, "column", &column) && json_int(u, e, "row", &row) && column >= 0 && column < 7 &&
            row >= 0 && row < 6 && g->heights[column] < row + 1)
            g->heights[column] = (int8_t)(row + 1);
    } else if (strcmp(k, "turn") == 0) {
        if (json_int(u, e, "seat", &seat) && seat == b->seat) connect4_turn(b, g, now);
    }
}

/* ---------------------------------------------------------------- server messages */

/* Is this game message about the bot's current game? */
static game_t *current_game(bot_t *b, const char *m, const char *e) {
    char id[ID_CAP];
    if (b->game < 0 || json_str(m, e, "game", id, sizeof id) < 0 || strcmp(id, games[b->game].id) != 0) {
        st.stale_messages++;
        return NULL;
    }
    return &games[b->game];
}

static void on_error_message(bot_t *b, const char *m, const char *e, uint64_t now) {
    char code[40];
    long long cid = -1;
    if (json_str(m, e, "code", code, sizeof code) < 0) snprintf(code, sizeof code, "?");
    json_int(m, e, "cid", &cid);
    count_code(st.errors, code);
    st.errors_total++;
    if (cid < 0) return;
    if ((uint32_t)cid == b->create_cid && b->phase == P_JOINING) {
        /* create, join or quickplay refused: back to the queue (followers too). */
        if (b->nfollowers) { st.create_failures++; release_followers(b, now); } else st.join_failures++;
        /* Not at once: a server refusing every create would otherwise be asked again at wire speed. */
        bot_set_phase(b, P_QUEUED, now);
        b->requeue_at_ns = now + SEC;
    } else if ((uint32_t)cid == b->move_cid && b->move_cid) {
        st.moves_refused++;
        b->move_cid = 0;
        if (strcmp(code, "illegal_move") == 0 && b->game >= 0) {
            games[b->game].heights[b->move_col] = 6;   /* full, as far as we know: try another */
            connect4_move(b, &games[b->game], now);
        }
    }
}

static void on_game_joined(bot_t *b, const char *m, const char *e, uint64_t now) {
    char id[ID_CAP];
    long long seat = -1;
    if (json_str(m, e, "game", id, sizeof id) < 0) { st.bad_messages++; return; }
    if (b->phase != P_JOINING) {
        /* A join we no longer want (we gave up waiting): leave it again. */
        st.stale_messages++;
        bot_send(b, "{\"t\":\"game.leave\",\"game\":\"%s\"}", id);
        return;
    }
    json_int(m, e, "seat", &seat);
    bot_leave_game(b);
    b->game = game_find_or_add(id);
    game_t *joined = &games[b->game];
    joined->refs++;
    if (opt_mode == MODE_CONNECT4 && joined->members < 2) {
        joined->members++;
        if (b->node >= 0 && b->node == joined->owner) joined->on_owner++;
        if (joined->members == 2) {
            joined->pair_class = joined->owner < 0 ? PAIR_UNKNOWN : 2 - joined->on_owner;
            if (joined->pair_class != PAIR_UNKNOWN) st.pairs_formed[joined->pair_class]++;
        }
    }
    b->seat = (int)seat;
    b->riding = 0;
    b->want_dir = -1;
    b->last_n = 0;
    b->last_tick_ns = 0;
    b->move_cid = 0;
    bot_set_phase(b, P_WAITING, now);
    for (int k = 0; k < b->nfollowers; k++) {
        bot_t *f = &bots[b->followers[k]];
        if (f->phase != P_AWAIT_LEADER || f->leader != (int)(b - bots)) continue;
        f->create_cid = ++f->next_cid;
        bot_send(f, "{\"t\":\"game.join\",\"cid\":%u,\"game\":\"%s\"}", f->create_cid, id);
        bot_set_phase(f, P_JOINING, now);
        reap(f, now);
    }
    b->nfollowers = 0;
    /* A game that already runs (a quickplay into a started game, or a rejoin) has its snapshot here. */
    char state[16];
    if (json_str(m, e, "state", state, sizeof state) > 0 && strcmp(state, "playing") == 0) {
        game_t *g = &games[b->game];
        if (!g->started) { g->started = 1; st.games_running++; st.games_started++; }
        bot_set_phase(b, P_PLAYING, now);
    }
}

static void on_game_started(bot_t *b, const char *m, const char *e, uint64_t now) {
    game_t *g = current_game(b, m, e);
    if (!g) return;
    if (!g->started) { g->started = 1; st.games_running++; st.games_started++; }
    bot_set_phase(b, P_PLAYING, now);
    const char *snap = json_member(m, e, "snapshot");
    if (opt_mode == MODE_CYCLES) {
        long long w, h;
        if (!g->grid) {
            if (json_int(snap, e, "w", &w) && json_int(snap, e, "h", &h) && w >= 16 && w <= 256 && h >= 16 && h <= 256) {
                g->w = (int)w;
                g->h = (int)h;
                g->grid = calloc((size_t)(w * h), 1);
            } else {
                st.bad_snapshots++;
            }
        }
        b->next_turn_ns = now + (uint64_t)opt_turn_min_ms * MS + next_random() % ((uint64_t)opt_turn_max_ms * MS);
        b->riding = 1;
    } else {
        long long turn;
        if (json_int(snap, e, "turn", &turn) && turn == b->seat) connect4_turn(b, g, now);
    }
}

static void on_message(bot_t *b, const char *m, size_t len, uint64_t now) {
    const char *e = m + len;
    char t[24];
    st.msgs_in++;
    if (json_str(m, e, "t", t, sizeof t) < 0) { st.bad_messages++; return; }
    switch (t[0]) {
    case 'g':
        if (strcmp(t, "game.update") == 0) {
            game_t *g = current_game(b, m, e);
            if (!g) return;
            const char *u = json_member(m, e, "u");
            if (!u) { st.bad_messages++; return; }
            if (opt_mode == MODE_CYCLES) {
                /* "k" first is how the server writes it; fall back to a lookup otherwise. */
                const char *k = json_member(u, e, "k");
                if (k && e - k >= 6 && memcmp(k, "\"tick\"", 6) == 0) cycles_tick(b, g, u, e, now);
            } else {
                connect4_update(b, g, u, e, now);
            }
            return;
        }
        if (strcmp(t, "game.joined") == 0) { on_game_joined(b, m, e, now); return; }
        if (strcmp(t, "game.started") == 0) { on_game_started(b, m, e, now); return; }
        if (strcmp(t, "game.finished") == 0) {
            game_t *g = current_game(b, m, e);
            if (!g) return;
            game_mark_finished(g);
            bot_leave_game(b);
            bot_queue(b, now);
            return;
        }
        if (strcmp(t, "game.player") == 0) return;
        break;
    case 'o':
        if (strcmp(t, "ok") == 0) {
            long long cid;
            if (json_int(m, e, "cid", &cid) && b->move_cid && (uint32_t)cid == b->move_cid) {
                uint64_t rtt = now - b->move_sent_ns;
                st.moves_ok++;
                b->move_cid = 0;
                hist_record(&sec_rtt, rtt);
                int by = RTT_FORWARDED, pair = PAIR_UNKNOWN;
                if (b->game >= 0) {
                    const game_t *g = &games[b->game];
                    if (g->owner < 0 || b->node < 0) by = -1;
                    else if (g->owner == b->node) by = RTT_LOCAL;
                    if (g->pair_class >= 0) pair = g->pair_class;
                } else {
                    by = -1;
                }
                if (by >= 0) st.moves_ok_by[by][pair]++;
                if (measuring) {
                    hist_record(&win_rtt, rtt);
                    if (by >= 0) hist_record(&win_rtt_by[by][pair], rtt);
                }
            }
            return;
        }
        break;
    case 'w':
        if (strcmp(t, "welcome") == 0 && b->phase == P_HELLO) {
            const char *limits = json_member(m, e, "limits");
            json_int(limits, e, "messagesPerSecond", &st.server_mps);
            json_int(limits, e, "messageBurst", &st.server_burst);
            char node[NODE_CAP];
            int n = json_str(m, e, "node", node, sizeof node);
            int index = n > 0 ? node_index(node, (size_t)n) : -1;
            if (b->node < 0 && index >= 0) node_bots[index]++;
            b->node = index;
            b->next_cid = 2;
            bot_send(b, "{\"t\":\"login\",\"cid\":2,\"name\":\"bot%d\"}", (int)(b - bots));
            bot_set_phase(b, P_LOGIN, now);
            return;
        }
        break;
    case 'l':
        if (strcmp(t, "login.ok") == 0 && b->phase == P_LOGIN) {
            b->attempts = 0;
            bot_queue(b, now);
            return;
        }
        if (strncmp(t, "lobby.", 6) == 0) return;
        break;
    case 'e':
        if (strcmp(t, "error") == 0) { on_error_message(b, m, e, now); return; }
        break;
    case 'c':
    case 'p':
    case 'r':
        if (strcmp(t, "chat") == 0 || strcmp(t, "pong") == 0 || strcmp(t, "redirect") == 0) return;
        break;
    }
    st.unknown_types++;
}

/* ---------------------------------------------------------------- frames */

/* Parse server frames in [p, p+n); returns bytes consumed or -1 to drop the connection. */
static ssize_t handle_frames(bot_t *b, const uint8_t *p, size_t n, uint64_t now) {
    size_t pos = 0;
    while (n - pos >= 2 && !b->dead) {
        const uint8_t *f = p + pos;
        uint8_t b0 = f[0], b1 = f[1];
        uint64_t len = b1 & 0x7f;
        size_t hdr = 2;
        if (b1 & 0x80) { st.bad_messages++; return -1; }          /* servers must not mask */
        if (len == 126) { if (n - pos < 4) break; len = (uint64_t)f[2] << 8 | f[3]; hdr = 4; }
        else if (len == 127) {
            if (n - pos < 10) break;
            len = 0;
            for (int i = 0; i < 8; i++) len = len << 8 | f[2 + i];
            hdr = 10;
        }
        if (len > MAX_MESSAGE_BYTES) { st.bad_messages++; return -1; }
        if (n - pos < hdr + len) break;
        const uint8_t *body = f + hdr;
        pos += hdr + len;
        uint8_t opcode = b0 & 0x0f;
        int fin = b0 & 0x80;
        switch (opcode) {
        case 0x9: st.pings++; bot_send_frame(b, 0xA, body, (size_t)len); continue;
        case 0xA: continue;
        case 0x8: {
            int code = len >= 2 ? body[0] << 8 | body[1] : 1005;
            if (code >= 0 && code < 5000) st.close_codes[code]++;
            uint8_t reply[2] = {(uint8_t)(code >> 8), (uint8_t)code};
            if (len >= 2) bot_send_frame(b, 0x8, reply, 2);
            return -1;
        }
        case 0x1:
        case 0x2:
            if (fin) {
                if (opcode == 0x1) on_message(b, (const char *)body, (size_t)len, now);
                else st.bad_messages++;
                continue;
            }
            b->frag.off = b->frag.len = 0;
            b->frag_opcode = opcode;
            buf_append(&b->frag, body, (size_t)len);
            continue;
        case 0x0:
            if (b->frag_opcode == 0 || b->frag.len + len > MAX_MESSAGE_BYTES) { st.bad_messages++; return -1; }
            buf_append(&b->frag, body, (size_t)len);
            if (fin) {
                if (b->frag_opcode == 0x1) on_message(b, (const char *)b->frag.data, b->frag.len, now);
                else st.bad_messages++;
                buf_free(&b->frag);
                b->frag_opcode = 0;
            }
            continue;
        default: st.bad_messages++; return -1;
        }
    }
    return (ssize_t)pos;
}

static void on_readable(bot_t *b, uint64_t now) {
    ssize_t n = read(b->fd, read_chunk, sizeof read_chunk);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
    if (n <= 0) {
        if (b->state == ST_HANDSHAKE) { st.handshake_failures++; conn_retry(b, now); }
        else { st.closes_without_frame++; bot_lost(b, now); }
        return;
    }
    now = now_ns();   /* one receive timestamp per read, as a real client would see it */
    const uint8_t *p = read_chunk;
    size_t len = (size_t)n;
    if (b->in.len > b->in.off) {
        buf_append(&b->in, read_chunk, len);
        p = b->in.data + b->in.off;
        len = b->in.len - b->in.off;
    }
    size_t used = 0;
    if (b->state == ST_HANDSHAKE) {
        ssize_t r = handle_upgrade_response(p, len);
        if (r < 0) { st.handshake_failures++; conn_retry(b, now); return; }
        if (r == 0) { if (p == read_chunk) buf_append(&b->in, p, len); return; }
        used = (size_t)r;
        b->state = ST_OPEN;
        st.pending--;
        st.open++;
        bot_set_phase(b, P_HELLO, now);
        bot_send(b, "{\"t\":\"hello\",\"cid\":1,\"v\":1,\"client\":{\"name\":\"roost-gameload\",\"version\":\"1\"}}");
    }
    ssize_t r = handle_frames(b, p + used, len - used, now);
    if (r < 0) { bot_lost(b, now); return; }
    if (b->dead) { reap(b, now); return; }
    used += (size_t)r;
    if (p == read_chunk) {
        if (used < len) buf_append(&b->in, p + used, len - used);
    } else {
        b->in.off += used;
        if (b->in.off == b->in.len) buf_free(&b->in);
    }
}

static void poll_once(int timeout_ms) {
    static struct epoll_event events[1024];
    int n = epoll_wait(epfd, events, 1024, timeout_ms);
    uint64_t now = now_ns();
    for (int i = 0; i < n; i++) {
        bot_t *b = &bots[events[i].data.u32];
        if (b->fd < 0) continue;
        uint32_t ev = events[i].events;
        if (b->state == ST_CONNECTING) {
            if (ev & (EPOLLOUT | EPOLLERR | EPOLLHUP)) conn_connected(b, now);
            continue;
        }
        if ((ev & EPOLLOUT) && b->state == ST_OPEN) {
            bot_flush(b);
            if (b->dead) { reap(b, now); continue; }
        }
        if (ev & (EPOLLIN | EPOLLERR | EPOLLHUP)) on_readable(b, now);
    }
}

/* ---------------------------------------------------------------- driver */

static uint64_t slot_started_at;
static int slot_starts;

/* Start new connects and due retries: at most --batch pending, at most --batch per 10 ms. */
static void pump_connects(uint64_t now) {
    if (now - slot_started_at >= 10 * MS) { slot_started_at = now; slot_starts = 0; }
    for (int i = 0; to_connect > 0 && i < nbots && st.pending < opt_batch && slot_starts < opt_batch; i++) {
        bot_t *b = &bots[i];
        if (b->state == ST_IDLE && b->fd < 0 && b->retry_at_ns && b->retry_at_ns <= now) {
            conn_start(b, now);
            slot_starts++;
        }
    }
}

/* Bots stuck waiting for a game (a lost partner, a refused join) leave it and queue again. */
static void check_waiting(uint64_t now) {
    uint64_t limit = (uint64_t)(opt_wait_timeout * 1e9);
    for (int i = 0; i < nbots; i++) {
        bot_t *b = &bots[i];
        if (b->state != ST_OPEN) continue;
        if (b->requeue_at_ns && now >= b->requeue_at_ns && b->phase == P_QUEUED) {
            b->requeue_at_ns = 0;
            bot_queue(b, now);
            reap(b, now);
            continue;
        }
        if ((b->phase == P_WAITING || b->phase == P_JOINING || b->phase == P_AWAIT_LEADER) && now - b->phase_since_ns > limit) {
            st.wait_timeouts++;
            if (b->game >= 0) bot_send(b, "{\"t\":\"game.leave\",\"game\":\"%s\"}", games[b->game].id);
            if (b->nfollowers) release_followers(b, now);
            bot_leave_game(b);
            bot_queue(b, now);
            reap(b, now);
        }
    }
}

static void print_codes(const char *name, const code_count_t *table) {
    printf(",\"%s\":{", name);
    for (int i = 0, first = 1; i < CODE_SLOTS && table[i].name[0]; i++, first = 0)
        printf("%s\"%s\":%llu", first ? "" : ",", table[i].name, (unsigned long long)table[i].count);
    printf("}");
}

static void print_close_codes(void) {
    printf(",\"close_codes\":{");
    int first = 1;
    for (int c = 0; c < 5000; c++) {
        if (!st.close_codes[c]) continue;
        printf("%s\"%d\":%llu", first ? "" : ",", c, (unsigned long long)st.close_codes[c]);
        first = 0;
    }
    if (st.closes_without_frame) printf("%s\"none\":%llu", first ? "" : ",", (unsigned long long)st.closes_without_frame);
    printf("}");
}

static void print_http_statuses(void) {
    printf(",\"http_status\":{");
    int first = 1;
    for (int s = 100; s < 600; s++) {
        if (!st.http_status[s]) continue;
        printf("%s\"%d\":%llu", first ? "" : ",", s, (unsigned long long)st.http_status[s]);
        first = 0;
    }
    printf("}");
}

static const char *phase_name = "ramp";
static uint64_t start_ns;

static void report_second(double seconds, uint64_t ticks, uint64_t turns, uint64_t moves) {
    if (opt_quiet) return;
    printf("{\"type\":\"second\",\"t\":%.0f,\"phase\":\"%s\",\"connections\":%d,\"logged_in\":%d,\"playing\":%d,"
           "\"games_running\":%d", (double)(now_ns() - start_ns) / 1e9, phase_name, st.open, st.logged_in,
           st.playing, st.games_running);
    if (opt_mode == MODE_CYCLES)
        printf(",\"ticks_per_s\":%.0f,\"tick_gap_p50_ms\":%.2f,\"tick_gap_p99_ms\":%.2f,\"turns_per_s\":%.0f",
               (double)ticks / seconds, hist_quantile(&sec_gap, 0.5) / 1e6, hist_quantile(&sec_gap, 0.99) / 1e6,
               (double)turns / seconds);
    else
        printf(",\"moves_per_s\":%.0f,\"rtt_p50_us\":%.0f,\"rtt_p99_us\":%.0f", (double)moves / seconds,
               hist_quantile(&sec_rtt, 0.5) / 1e3, hist_quantile(&sec_rtt, 0.99) / 1e3);
    printf(",\"errors\":%llu,\"lost\":%llu,\"connect_failures\":%llu}\n", (unsigned long long)st.errors_total,
           (unsigned long long)st.lost, (unsigned long long)st.connect_failures);
    fflush(stdout);
    hist_reset(&sec_gap);
    hist_reset(&sec_rtt);
}

typedef struct {
    uint64_t wall_ns, ticks, turns, moves_ok, moves_sent, started, finished, finished_ticks, errors, lost, crashes;
    uint64_t msgs_in;
    uint64_t moves_ok_by[2][4], pairs_formed[3];
    double cpu;
} snapshot_t;

static snapshot_t take_snapshot(void) {
    snapshot_t s = {now_ns(), st.ticks_in, st.turns_sent, st.moves_ok, st.moves_sent, st.games_started,
                    st.games_finished, st.finished_ticks_total, st.errors_total, st.lost, st.crashes,
                    st.msgs_in, {{0}}, {0}, cpu_seconds()};
    memcpy(s.moves_ok_by, st.moves_ok_by, sizeof s.moves_ok_by);
    memcpy(s.pairs_formed, st.pairs_formed, sizeof s.pairs_formed);
    return s;
}

/* One class of move round trips: ok's per second in the window and the RTT quantiles (µs). */
static void print_rtt_class(const char *name, const hist_t *h, uint64_t moves, double w, int first) {
    printf("%s\"%s\":{\"moves_per_s\":%.1f,\"rtt_p50_us\":%.1f,\"rtt_p99_us\":%.1f,\"rtt_p999_us\":%.1f,"
           "\"rtt_max_us\":%.1f,\"rtt_mean_us\":%.1f,\"rtt_samples\":%llu}", first ? "" : ",", name,
           (double)moves / w, hist_quantile(h, 0.5) / 1e3, hist_quantile(h, 0.99) / 1e3, hist_quantile(h, 0.999) / 1e3,
           (double)h->max / 1e3, h->count ? h->sum / (double)h->count / 1e3 : 0.0, (unsigned long long)h->count);
}

/* Connect Four on a cluster: round trips by class (local / forwarded, and by the pair's class),
 * pairs formed by class, bots by node. */
static void print_cluster_summary(const snapshot_t *a, const snapshot_t *z, double w) {
    static const char *const pair_names[4] = {"local_pairs", "split_pairs", "remote_pairs", "unknown_pairs"};
    static const char *const by_names[2] = {"local", "forwarded"};
    printf("\"rtt_classes\":{");
    int first = 1;
    for (int c = 0; c < 2; c++) {
        hist_t all;
        memset(&all, 0, sizeof all);
        uint64_t moves = 0;
        for (int q = 0; q < 4; q++) {
            const hist_t *h = &win_rtt_by[c][q];
            for (int i = 0; i < HIST_BUCKETS; i++) all.b[i] += h->b[i];
            all.count += h->count;
            all.sum += h->sum;
            if (h->max > all.max) all.max = h->max;
            moves += z->moves_ok_by[c][q] - a->moves_ok_by[c][q];
        }
        print_rtt_class(by_names[c], &all, moves, w, first);
        first = 0;
    }
    for (int c = 0; c < 2; c++)
        for (int q = 0; q < 4; q++) {
            if (win_rtt_by[c][q].count == 0) continue;
            char name[48];
            snprintf(name, sizeof name, "%s_in_%s", by_names[c], pair_names[q]);
            print_rtt_class(name, &win_rtt_by[c][q], z->moves_ok_by[c][q] - a->moves_ok_by[c][q], w, 0);
        }
    printf("},\"pairs_formed\":{\"local\":%llu,\"split\":%llu,\"remote\":%llu},"
           "\"pairs_formed_in_window\":{\"local\":%llu,\"split\":%llu,\"remote\":%llu},\"bots_by_node\":{",
           (unsigned long long)st.pairs_formed[0], (unsigned long long)st.pairs_formed[1],
           (unsigned long long)st.pairs_formed[2], (unsigned long long)(z->pairs_formed[0] - a->pairs_formed[0]),
           (unsigned long long)(z->pairs_formed[1] - a->pairs_formed[1]),
           (unsigned long long)(z->pairs_formed[2] - a->pairs_formed[2]));
    for (int i = 0; i < nnodes; i++) printf("%s\"%s\":%d", i ? "," : "", node_names[i], node_bots[i]);
    printf("},\"think_ms\":%.1f,\"local_share\":%.2f,\"pool\":%d,", opt_think_ms, opt_local_share, opt_pool);
}

static void print_summary(const snapshot_t *a, const snapshot_t *z, int ramp_ms, int games_min, int games_max,
                          double games_avg) {
    double w = (double)(z->wall_ns - a->wall_ns) / 1e9;
    if (w <= 0) w = 1e-9;
    /* Bots whose game.create / game.join / quickplay has had neither a reply nor an error for over a
     * second: a request the server lost (a healthy one answers in milliseconds). */
    int unanswered = 0;
    for (int i = 0; i < nbots; i++)
        if (bots[i].phase == P_JOINING && bots[i].state == ST_OPEN && z->wall_ns - bots[i].phase_since_ns > SEC) unanswered++;
    printf("{\"type\":\"summary\",\"mode\":\"%s\",\"match\":\"%s\",\"bots\":%d,\"seats\":%d,\"window_s\":%.2f,"
           "\"ramp_ms\":%d,\"connections\":%d,\"logged_in\":%d,\"playing\":%d,\"games_running\":%d,"
           "\"games_running_min\":%d,\"games_running_max\":%d,\"games_running_avg\":%.1f,"
           "\"games_started\":%llu,\"games_finished\":%llu,\"msgs_in_per_s\":%.0f,\"unanswered_joins\":%d,",
           opt_mode == MODE_CYCLES ? "cycles" : "connect4", opt_match == MATCH_CREATE ? "create" : "quickplay", nbots,
           seats_per_game, w, ramp_ms, st.open, st.logged_in, st.playing, st.games_running, games_min, games_max,
           games_avg, (unsigned long long)(z->started - a->started), (unsigned long long)(z->finished - a->finished),
           (double)(z->msgs_in - a->msgs_in) / w, unanswered);
    if (opt_mode == MODE_CYCLES) {
        uint64_t fin = z->finished - a->finished;
        printf("\"ticks_per_s\":%.0f,\"expected_ticks_per_s\":%.0f,\"turns_per_s\":%.1f,\"crashes_per_s\":%.1f,"
               "\"avg_finished_game_ticks\":%.0f,\"tick_gap_p50_ms\":%.3f,\"tick_gap_p99_ms\":%.3f,"
               "\"tick_gap_p999_ms\":%.3f,\"tick_gap_max_ms\":%.3f,\"jitter_p50_ms\":%.3f,\"jitter_p99_ms\":%.3f,"
               "\"jitter_p999_ms\":%.3f,\"tick_gap_samples\":%llu,\"tick_skips\":%llu,\"bad_ticks\":%llu,"
               "\"bad_snapshots\":%llu,\"grid\":\"%dx%d\",\"round_ms\":%d,\"countdown_ms\":%d,",
               (double)(z->ticks - a->ticks) / w, games_avg * seats_per_game * 20.0, (double)(z->turns - a->turns) / w,
               (double)(z->crashes - a->crashes) / w,
               fin ? (double)(z->finished_ticks - a->finished_ticks) / (double)fin : 0.0,
               hist_quantile(&win_gap, 0.5) / 1e6, hist_quantile(&win_gap, 0.99) / 1e6,
               hist_quantile(&win_gap, 0.999) / 1e6, (double)win_gap.max / 1e6, hist_quantile(&win_jitter, 0.5) / 1e6,
               hist_quantile(&win_jitter, 0.99) / 1e6, hist_quantile(&win_jitter, 0.999) / 1e6,
               (unsigned long long)win_gap.count, (unsigned long long)st.tick_skips, (unsigned long long)st.bad_ticks,
               (unsigned long long)st.bad_snapshots, opt_width, opt_height, opt_round_ms, opt_countdown_ms);
    } else {
        printf("\"moves_per_s\":%.0f,\"moves_sent_per_s\":%.0f,\"rtt_p50_us\":%.1f,\"rtt_p99_us\":%.1f,"
               "\"rtt_p999_us\":%.1f,\"rtt_max_us\":%.1f,\"rtt_mean_us\":%.1f,\"rtt_samples\":%llu,\"moves_refused\":%llu,",
               (double)(z->moves_ok - a->moves_ok) / w, (double)(z->moves_sent - a->moves_sent) / w,
               hist_quantile(&win_rtt, 0.5) / 1e3, hist_quantile(&win_rtt, 0.99) / 1e3,
               hist_quantile(&win_rtt, 0.999) / 1e3, (double)win_rtt.max / 1e3,
               win_rtt.count ? win_rtt.sum / (double)win_rtt.count / 1e3 : 0.0, (unsigned long long)win_rtt.count,
               (unsigned long long)st.moves_refused);
        print_cluster_summary(a, z, w);
    }
    printf("\"errors_in_window\":%llu,\"lost_in_window\":%llu,\"errors_total\":%llu,\"lost_total\":%llu,"
           "\"connects\":%llu,\"connect_failures\":%llu,\"connect_retries\":%llu,\"handshake_failures\":%llu,"
           "\"no_subprotocol\":%llu,\"bad_messages\":%llu,\"unknown_types\":%llu,\"stale_messages\":%llu,"
           "\"wait_timeouts\":%llu,\"create_failures\":%llu,\"join_failures\":%llu,\"pings\":%llu,"
           "\"server_messages_per_second\":%lld,\"server_message_burst\":%lld,\"gameload_cpu_pct\":%.1f",
           (unsigned long long)(z->errors - a->errors), (unsigned long long)(z->lost - a->lost),
           (unsigned long long)st.errors_total, (unsigned long long)st.lost, (unsigned long long)st.connects,
           (unsigned long long)st.connect_failures, (unsigned long long)st.connect_retries,
           (unsigned long long)st.handshake_failures, (unsigned long long)st.no_subprotocol,
           (unsigned long long)st.bad_messages, (unsigned long long)st.unknown_types,
           (unsigned long long)st.stale_messages, (unsigned long long)st.wait_timeouts,
           (unsigned long long)st.create_failures, (unsigned long long)st.join_failures, (unsigned long long)st.pings,
           st.server_mps, st.server_burst, 100.0 * (z->cpu - a->cpu) / w);
    print_codes("error_codes", st.errors);
    print_close_codes();
    print_http_statuses();
    printf("}\n");
    fflush(stdout);
}

static void print_phase(const char *phase) {
    phase_name = phase;
    printf("{\"type\":\"phase\",\"phase\":\"%s\",\"t\":%.3f}\n", phase, (double)(now_ns() - start_ns) / 1e9);
    fflush(stdout);
}

/* Close 1000 on every open connection, then close every descriptor. */
static void close_all(void) {
    stopping = 1;
    static const uint8_t normal[2] = {0x03, 0xE8};
    for (int i = 0; i < nbots; i++) {
        bot_t *b = &bots[i];
        if (b->fd < 0) continue;
        if (b->state == ST_OPEN && !b->dead) {
            bot_send_frame(b, 0x8, normal, 2);
            shutdown(b->fd, SHUT_WR);
        }
    }
    for (int i = 0; i < nbots; i++) { bot_leave_game(&bots[i]); conn_drop(&bots[i]); }
    close(epfd);
}

static int run(void) {
    start_ns = now_ns();
    uint64_t hard_stop = start_ns + (uint64_t)(opt_max_seconds * 1e9);
    uint64_t ramp_deadline = start_ns + (uint64_t)(opt_ramp_timeout * 1e9);
    uint64_t settle_until = 0, measure_from = 0, measure_to = 0, linger_to = 0;
    uint64_t next_second = start_ns + SEC, next_wait_check = start_ns + SEC;
    uint64_t sec_ticks = 0, sec_turns = 0, sec_moves = 0;
    int ramp_ms = -1, games_min = 0, games_max = 0, games_samples = 0;
    double games_sum = 0;
    snapshot_t at_start = {0}, at_end = {0};
    int summarized = 0;
    for (int i = 0; i < nbots; i++) bots[i].retry_at_ns = start_ns;   /* due now */
    to_connect = nbots;
    print_phase("ramp");
    for (;;) {
        uint64_t now = now_ns();
        if (stop_requested || now >= hard_stop) break;
        pump_connects(now);
        if (queue_count > 0) pump_matchmaking(now);
        for (int k = 0; k < nforming; k++) reap(&bots[forming[k]], now);
        /* --local-share keeps --pool bots queued: they never play at once. */
        int can_play = nbots - (opt_local_share >= 0 ? opt_pool : 0);
        if (ramp_ms < 0 && (st.playing * 100 >= can_play * 95 || now >= ramp_deadline)) {
            ramp_ms = (int)((now - start_ns) / MS);
            settle_until = now + (uint64_t)(opt_settle * 1e9);
            print_phase("settle");
        }
        if (ramp_ms >= 0 && !measure_from && now >= settle_until) {
            measure_from = now;
            measure_to = now + (uint64_t)(opt_duration * 1e9);
            hist_reset(&win_gap); hist_reset(&win_jitter); hist_reset(&win_rtt);
            for (int c = 0; c < 2; c++) for (int q = 0; q < 4; q++) hist_reset(&win_rtt_by[c][q]);
            measuring = 1;
            print_phase("measure");
            at_start = take_snapshot();
            games_min = games_max = st.games_running;
        }
        if (measuring && now >= measure_to) {
            at_end = take_snapshot();
            measuring = 0;
            print_phase("done");
            print_summary(&at_start, &at_end, ramp_ms, games_min, games_max,
                          games_samples ? games_sum / games_samples : st.games_running);
            summarized = 1;
            linger_to = now + (uint64_t)(opt_linger * 1e9);
        }
        if (summarized && now >= linger_to) break;
        if (now >= next_second) {
            uint64_t t = st.ticks_in, tu = st.turns_sent, mv = st.moves_ok;
            report_second(1.0 + (double)(now - next_second) / 1e9, t - sec_ticks, tu - sec_turns, mv - sec_moves);
            sec_ticks = t; sec_turns = tu; sec_moves = mv;
            next_second = now + SEC;
            if (measuring) {
                games_sum += st.games_running;
                games_samples++;
                if (st.games_running < games_min) games_min = st.games_running;
                if (st.games_running > games_max) games_max = st.games_running;
            }
        }
        if (now >= next_wait_check) { check_waiting(now); next_wait_check = now + SEC; }
        if (opt_think_ms > 0) send_due_moves(now);
        poll_once(opt_think_ms > 0 ? 1 : 5);
    }
    if (!summarized) {
        /* Stopped early (signal or --max-seconds): report what there is. */
        if (!measure_from) at_start = take_snapshot();
        at_end = take_snapshot();
        print_phase("done");
        print_summary(&at_start, &at_end, ramp_ms, st.games_running, st.games_running, st.games_running);
    }
    close_all();
    return 0;
}

static void usage(const char *argv0) {
    fprintf(stderr,
            "usage: %s cycles   [--games G] [--seats 4] [--width 128] [--height 128] [--round-ms 600000]\n"
            "                   [--countdown-ms 1000] [--turn-min-ms 1000] [--turn-max-ms 2000] [common options]\n"
            "       %s connect4 [--pairs N] [--think-ms 0] [--local-share S [--pool K]] [common options]\n"
            "common: [--host 127.0.0.1] [--port P | --ports P1,P2,...] [--path /ws] [--match create|quickplay]\n"
            "        [--ramp-timeout 120] [--settle 5] [--duration 15] [--linger 1] [--batch 200] [--wait-timeout 20]\n"
            "        [--max-seconds S (default ramp-timeout + settle + duration + 60)] [--no-reconnect] [--quiet]\n",
            argv0, argv0);
    exit(2);
}

static void parse_options(int argc, char **argv) {
    if (argc < 2) usage(argv[0]);
    if (strcmp(argv[1], "cycles") == 0) opt_mode = MODE_CYCLES;
    else if (strcmp(argv[1], "connect4") == 0) opt_mode = MODE_CONNECT4;
    else usage(argv[0]);
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--no-reconnect") == 0) { opt_reconnect = 0; continue; }
        if (strcmp(a, "--quiet") == 0) { opt_quiet = 1; continue; }
        if (i + 1 >= argc) usage(argv[0]);
        const char *v = argv[++i];
        if (strcmp(a, "--host") == 0) opt_host = v;
        else if (strcmp(a, "--ports") == 0) {
            char copy[256];
            snprintf(copy, sizeof copy, "%s", v);
            opt_nports = 0;
            for (char *save = NULL, *part = strtok_r(copy, ",", &save); part; part = strtok_r(NULL, ",", &save)) {
                if (opt_nports == MAX_PORTS) usage(argv[0]);
                opt_ports[opt_nports++] = atoi(part);
            }
        }
        else if (strcmp(a, "--think-ms") == 0) opt_think_ms = atof(v);
        else if (strcmp(a, "--local-share") == 0) opt_local_share = atof(v);
        else if (strcmp(a, "--pool") == 0) opt_pool = atoi(v);
        else if (strcmp(a, "--port") == 0) opt_port = atoi(v);
        else if (strcmp(a, "--path") == 0) opt_path = v;
        else if (strcmp(a, "--games") == 0) opt_games = atoi(v);
        else if (strcmp(a, "--pairs") == 0) opt_pairs = atoi(v);
        else if (strcmp(a, "--seats") == 0) opt_seats = atoi(v);
        else if (strcmp(a, "--match") == 0) {
            if (strcmp(v, "create") == 0) opt_match = MATCH_CREATE;
            else if (strcmp(v, "quickplay") == 0) opt_match = MATCH_QUICKPLAY;
            else usage(argv[0]);
        }
        else if (strcmp(a, "--width") == 0) opt_width = atoi(v);
        else if (strcmp(a, "--height") == 0) opt_height = atoi(v);
        else if (strcmp(a, "--round-ms") == 0) opt_round_ms = atoi(v);
        else if (strcmp(a, "--countdown-ms") == 0) opt_countdown_ms = atoi(v);
        else if (strcmp(a, "--turn-min-ms") == 0) opt_turn_min_ms = atoi(v);
        else if (strcmp(a, "--turn-max-ms") == 0) opt_turn_max_ms = atoi(v);
        else if (strcmp(a, "--ramp-timeout") == 0) opt_ramp_timeout = atof(v);
        else if (strcmp(a, "--settle") == 0) opt_settle = atof(v);
        else if (strcmp(a, "--duration") == 0) opt_duration = atof(v);
        else if (strcmp(a, "--linger") == 0) opt_linger = atof(v);
        else if (strcmp(a, "--batch") == 0) opt_batch = atoi(v);
        else if (strcmp(a, "--wait-timeout") == 0) opt_wait_timeout = atof(v);
        else if (strcmp(a, "--max-seconds") == 0) opt_max_seconds = atof(v);
        else usage(argv[0]);
    }
    if (opt_games < 1 || opt_pairs < 1 || opt_seats < 2 || opt_seats > MAX_SEATS || opt_batch < 1 ||
        opt_duration <= 0 || opt_settle < 0 || opt_linger < 0 || opt_ramp_timeout <= 0 || opt_wait_timeout <= 0 ||
        opt_turn_min_ms < 50 || opt_turn_max_ms < opt_turn_min_ms || opt_width < 16 || opt_width > 256 ||
        opt_height < 16 || opt_height > 256 || opt_think_ms < 0 || opt_local_share > 1)
        usage(argv[0]);
    for (int i = 0; i < opt_nports; i++) if (opt_ports[i] <= 0 || opt_ports[i] > 65535) usage(argv[0]);
    if (opt_local_share >= 0 && (opt_mode != MODE_CONNECT4 || opt_match != MATCH_CREATE)) {
        fprintf(stderr, "gameload: --local-share needs connect4 with --match create\n");
        exit(2);
    }
    if (opt_pool < 0) opt_pool = 2 * (opt_nports > 0 ? opt_nports : 1);
    if (opt_max_seconds <= 0) opt_max_seconds = opt_ramp_timeout + opt_settle + opt_duration + opt_linger + 60;
    struct in_addr target;
    if (inet_pton(AF_INET, opt_host, &target) != 1 || (ntohl(target.s_addr) >> 24) != 127) {
        fprintf(stderr, "gameload: --host must be an IPv4 loopback address (127.0.0.0/8), not %s\n", opt_host);
        exit(2);
    }
}

int main(int argc, char **argv) {
    parse_options(argc, argv);
    seats_per_game = opt_mode == MODE_CYCLES ? opt_seats : 2;
    nbots = opt_mode == MODE_CYCLES ? opt_games * opt_seats : opt_pairs * 2;
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    if ((rlim_t)nbots + 16 > rl.rlim_cur) {
        fprintf(stderr, "gameload: %d bots need more than the %llu descriptors a process may hold\n", nbots,
                (unsigned long long)rl.rlim_cur);
        return 2;
    }
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    rng ^= (uint64_t)getpid() << 32 ^ now_ns();

    bots = calloc((size_t)nbots, sizeof *bots);
    games = calloc((size_t)nbots + 1, sizeof *games);
    free_games = calloc((size_t)nbots + 1, sizeof *free_games);
    queue_ring = calloc((size_t)nbots, sizeof *queue_ring);
    if (!bots || !games || !free_games || !queue_ring) { perror("gameload: calloc"); return 1; }
    for (int i = 0; i < nbots; i++) {
        bots[i].fd = -1; bots[i].game = -1; bots[i].leader = -1; bots[i].want_dir = -1; bots[i].node = -1;
    }
    epfd = epoll_create1(EPOLL_CLOEXEC);
    if (epfd < 0) { perror("gameload: epoll_create1"); return 1; }
    return run();
}
