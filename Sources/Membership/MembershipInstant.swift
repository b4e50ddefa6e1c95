/// A point on the shell's monotonic clock, in nanoseconds since an arbitrary origin.
///
/// The membership core never reads a clock: the shell passes `now` with every event (for example
/// `MembershipInstant(nanoseconds: loop.now.nanoseconds)` from Reactor's `MonotonicInstant`) and gets
/// deadlines back in the same unit.
public struct MembershipInstant: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// Nanoseconds since the clock's origin.
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    /// The instant `duration` after `instant`.
    public static func + (instant: MembershipInstant, duration: Duration) -> MembershipInstant {
        MembershipInstant(nanoseconds: instant.nanoseconds &+ duration.wholeNanoseconds)
    }

    /// The time from `b` to `a` (negative when `a` is earlier).
    public static func - (a: MembershipInstant, b: MembershipInstant) -> Duration {
        .nanoseconds(a.nanoseconds &- b.nanoseconds)
    }

    public static func < (a: MembershipInstant, b: MembershipInstant) -> Bool { a.nanoseconds < b.nanoseconds }

    public var description: String { "\(Double(nanoseconds) / 1e9)s" }
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

    /// The duration multiplied by `factor`, in whole nanoseconds.
    func scaled(by factor: Double) -> Duration {
        .nanoseconds(Int64((Double(wholeNanoseconds) * factor).rounded()))
    }
}
