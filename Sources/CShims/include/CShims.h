// The Linux system calls the Reactor needs, behind plain C functions.
// Swift imports most of these from Glibc too, but glibc spells some as macros
// or variadic functions (fcntl, ioctl) that Swift cannot call; this header gives
// every one a fixed, importable signature so the Swift side has one seam.
#ifndef ROOST_CSHIMS_H
#define ROOST_CSHIMS_H

#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <netinet/in.h>

/// One readiness event, unpacked (glibc's epoll_event is packed on x86_64).
typedef struct {
    uint32_t events;
    uint64_t data;
} cshims_event;

enum {
    CSHIMS_EPOLLIN = 0x001,
    CSHIMS_EPOLLOUT = 0x004,
    CSHIMS_EPOLLERR = 0x008,
    CSHIMS_EPOLLHUP = 0x010,
    CSHIMS_EPOLLRDHUP = 0x2000,
    CSHIMS_EPOLLET = (int)(1u << 31),
};

int cshims_epoll_create(void);
int cshims_epoll_add(int epfd, int fd, uint32_t events, uint64_t data);
int cshims_epoll_modify(int epfd, int fd, uint32_t events, uint64_t data);
int cshims_epoll_remove(int epfd, int fd);
/// Waits and copies up to `max` events into `out`; returns the count or -1.
int cshims_epoll_wait(int epfd, cshims_event *out, int max, int timeout_ms);
/* Like cshims_epoll_wait with a timeout in nanoseconds (-1: none), precise where the kernel has
 * epoll_pwait2. */
int cshims_epoll_wait_ns(int epfd, cshims_event *out, int max, long long timeout_ns);

int cshims_eventfd(void);
int cshims_eventfd_signal(int fd);
int cshims_eventfd_drain(int fd);

int cshims_timerfd_create(void);
/// Arms a one-shot monotonic timer `ns` nanoseconds from now (0 disarms).
int cshims_timerfd_arm(int fd, int64_t ns);
int cshims_timerfd_drain(int fd);

/// A non-blocking, close-on-exec TCP socket for `family` (AF_INET or AF_INET6).
int cshims_tcp_socket(int family);
int cshims_accept(int fd, struct sockaddr_storage *addr, socklen_t *len);
int cshims_set_nonblocking(int fd);
int cshims_set_int_option(int fd, int level, int name, int value);
int cshims_get_socket_error(int fd);

/// Monotonic clock in nanoseconds (CLOCK_MONOTONIC).
int64_t cshims_monotonic_ns(void);
/// Wall clock in nanoseconds since the epoch (CLOCK_REALTIME).
int64_t cshims_realtime_ns(void);
/// Fills `buf` with kernel randomness (getrandom); returns 0 on success.
int cshims_random_bytes(void *buf, size_t len);

int cshims_errno(void);
/// Pins the calling thread to one CPU; returns 0 on success.
int cshims_pin_thread_to_cpu(int cpu);
/// Names the calling thread (shown by top -H and gdb).
void cshims_set_thread_name(const char *name);

/// Current resident set size in bytes, from /proc/self/statm.
int64_t cshims_resident_bytes(void);

#endif
