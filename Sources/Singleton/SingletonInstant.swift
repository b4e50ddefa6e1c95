/// A point on a node's monotonic clock, in nanoseconds since an arbitrary origin. Leases are measured
/// on it only: it never jumps, so a wall-clock step (NTP, an operator) cannot stretch or shrink a lease.
/// Each node has its own origin; instants never cross the wire (messages carry durations).
public struct SingletonInstant: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// Nanoseconds since the clock's origin.
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// The instant `duration` after `instant`.
    public static func + (instant: SingletonInstant, duration: Duration) -> SingletonInstant {
        SingletonInstant(nanoseconds: instant.nanoseconds &+ duration.wholeNanoseconds)
    }

    /// The time from `b` to `a` (negative when `a` is earlier).
    public static func - (a: SingletonInstant, b: SingletonInstant) -> Duration { .nanoseconds(a.nanoseconds &- b.nanoseconds) }

    public static func < (a: SingletonInstant, b: SingletonInstant) -> Bool { a.nanoseconds < b.nanoseconds }

    public var description: String { "\(Double(nanoseconds) / 1e9)s" }
}

/// What the shell reads from its clocks for every event: the monotonic clock for leases and timers,
/// the wall clock (UTC Unix seconds) for the schedule only.
public struct SingletonTime: Hashable, Sendable, CustomStringConvertible {
    /// The monotonic clock (`CLOCK_MONOTONIC`, Reactor's `MonotonicInstant`).
    public var monotonic: SingletonInstant
    /// The wall clock, in seconds since the Unix epoch (UTC).
    public var unixSeconds: Int64

    public init(monotonic: SingletonInstant, unixSeconds: Int64) {
        self.monotonic = monotonic
        self.unixSeconds = unixSeconds
    }

    public var description: String { "\(monotonic) (unix \(unixSeconds))" }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating at the bounds of `Int64`.
    var wholeNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (sum, overflowAgain) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        if overflowAgain { return seconds < 0 ? .min : .max }
        return sum
    }

    /// The duration in whole milliseconds, rounded up (the wire unit), 0 for negative durations.
    var millisecondsRoundedUp: UInt64 {
        let nanoseconds = wholeNanoseconds
        guard nanoseconds > 0 else { return 0 }
        return UInt64(nanoseconds / 1_000_000) + (nanoseconds % 1_000_000 == 0 ? 0 : 1)
    }

    /// The duration multiplied by `factor`, in whole nanoseconds.
    func scaled(by factor: Double) -> Duration { .nanoseconds(Int64((Double(wholeNanoseconds) * factor).rounded(.up))) }
}
