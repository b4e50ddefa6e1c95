/*
 * Tick probe: the machine's own tick lag, for comparison with roost's roost_game_tick_lag_seconds.
 *
 * Mimics the shape of roost's tick wheel with no server in it: a timer every --slot-us (5,000 µs,
 * Cycles' 50 ms tick over 10 slots) on a fixed schedule, waited for with epoll_wait and a timeout in
 * whole milliseconds rounded up (as roost's event loop does), then --work-us of pure CPU work
 * (calibrated at start) split into --units pieces; the lateness of each piece against its slot's
 * deadline is recorded, as roost records each game's tick. Whatever lag this shows on a core, a
 * server doing the same work there sees at least as much: it measures the scheduler, the timer
 * granularity, and how much slower the same work runs while other work shares the machine
 * (caches, the host). Prints one JSON line.
 *
 * Build: cc -O2 -o tickprobe tickprobe.c
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static volatile uint64_t sink;

/* Pure CPU work: n rounds of a xorshift. */
static void spin(uint64_t n) {
    uint64_t x = 88172645463325252ull ^ n;
    for (uint64_t i = 0; i < n; i++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; }
    sink = x;
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static double quantile_ms(uint64_t *v, size_t n, double q) {
    if (n == 0) return 0;
    size_t i = (size_t)(q * (double)n);
    if (i >= n) i = n - 1;
    return (double)v[i] / 1e6;
}

int main(int argc, char **argv) {
    double seconds = 10;
    long slot_us = 5000, work_us = 1000, units = 25;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--seconds") == 0) seconds = atof(argv[i + 1]);
        else if (strcmp(argv[i], "--slot-us") == 0) slot_us = atol(argv[i + 1]);
        else if (strcmp(argv[i], "--work-us") == 0) work_us = atol(argv[i + 1]);
        else if (strcmp(argv[i], "--units") == 0) units = atol(argv[i + 1]);
        else { fprintf(stderr, "usage: %s [--seconds 10] [--slot-us 5000] [--work-us 1000] [--units 25]\n", argv[0]); return 2; }
    }
    if (seconds <= 0 || slot_us < 100 || work_us < 0 || work_us >= slot_us || units < 1) return 2;

    /* Calibrate: rounds per microsecond, best of several tries (the least disturbed). */
    double per_us = 0;
    for (int k = 0; k < 20; k++) {
        uint64_t t0 = now_ns();
        spin(200000);
        double r = 200000.0 / ((double)(now_ns() - t0) / 1000.0);
        if (r > per_us) per_us = r;
    }
    uint64_t rounds_per_unit = (uint64_t)(per_us * (double)work_us / (double)units);

    int ep = epoll_create1(EPOLL_CLOEXEC);
    size_t cap = (size_t)(seconds * 1e6 / (double)slot_us + 2) * (size_t)units;
    uint64_t *lateness = calloc(cap, sizeof *lateness), *durations = calloc(cap / (size_t)units + 1, sizeof *durations);
    size_t nl = 0, nd = 0;
    uint64_t slot_ns = (uint64_t)slot_us * 1000, start = now_ns(), deadline = start + slot_ns;
    uint64_t end = start + (uint64_t)(seconds * 1e9);
    struct epoll_event ev;
    while (deadline < end) {
        uint64_t now = now_ns();
        if (now < deadline) {
            /* Like roost's loop: a timeout in whole milliseconds, rounded up. */
            int timeout_ms = (int)((deadline - now + 999999) / 1000000);
            epoll_wait(ep, &ev, 1, timeout_ms);
            continue;
        }
        uint64_t began = now_ns();
        for (long u = 0; u < units && nl < cap; u++) {
            lateness[nl++] = now_ns() - deadline;
            spin(rounds_per_unit);
        }
        durations[nd++] = now_ns() - began;
        deadline += slot_ns;   /* fixed schedule: a late slot does not move the next one */
    }
    qsort(lateness, nl, sizeof *lateness, cmp_u64);
    qsort(durations, nd, sizeof *durations, cmp_u64);
    printf("{\"type\":\"tickprobe\",\"seconds\":%g,\"slot_us\":%ld,\"work_us\":%ld,\"units\":%ld,\"samples\":%zu,"
           "\"lag_p50_ms\":%.3f,\"lag_p99_ms\":%.3f,\"lag_p999_ms\":%.3f,\"lag_max_ms\":%.3f,"
           "\"work_p50_ms\":%.3f,\"work_p99_ms\":%.3f,\"work_max_ms\":%.3f}\n",
           seconds, slot_us, work_us, units, nl, quantile_ms(lateness, nl, 0.5), quantile_ms(lateness, nl, 0.99),
           quantile_ms(lateness, nl, 0.999), nl ? (double)lateness[nl - 1] / 1e6 : 0, quantile_ms(durations, nd, 0.5),
           quantile_ms(durations, nd, 0.99), nd ? (double)durations[nd - 1] / 1e6 : 0);
    free(lateness);
    free(durations);
    return 0;
}
