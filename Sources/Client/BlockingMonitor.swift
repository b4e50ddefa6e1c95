import Glibc

/// A value guarded by a mutex, with a condition to wait on until it changes: the hand-off between
/// an event loop (which updates) and a blocked caller (which waits with a timeout).
///
/// For the blocking client only, whose callers are tests, bots and scripts; the event-driven
/// client and the server never take a lock per message.
final class BlockingMonitor<State>: @unchecked Sendable {
    // @unchecked: `state` is only touched with `mutex` held.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var state: State

    init(_ state: State) {
        self.state = state
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        // Deadlines on the monotonic clock: a wall-clock step must not stretch or cut a wait.
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Reads or changes the state, and wakes every waiter.
    @discardableResult
    func update<T>(_ body: (inout State) -> T) -> T {
        pthread_mutex_lock(mutex)
        defer {
            pthread_cond_broadcast(condition)
            pthread_mutex_unlock(mutex)
        }
        return body(&state)
    }

    /// Reads the state.
    func read<T>(_ body: (State) -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body(state)
    }

    /// Waits until `take` returns a value (it may change the state, e.g. remove what it takes) or
    /// `timeout` passes; `take` runs once at once and again after every update.
    func wait<T>(timeout: Duration, _ take: (inout State) -> T?) -> T? {
        let deadline = Self.monotonicNow() + timeout
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while true {
            if let value = take(&state) { return value }
            let now = Self.monotonicNow()
            if now >= deadline { return nil }
            var until = Self.timespec(deadline)
            _ = pthread_cond_timedwait(condition, mutex, &until)
        }
    }

    private static func monotonicNow() -> Duration {
        var now = Glibc.timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return .seconds(now.tv_sec) + .nanoseconds(now.tv_nsec)
    }

    private static func timespec(_ instant: Duration) -> Glibc.timespec {
        let (seconds, attoseconds) = instant.components
        return Glibc.timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
    }
}
