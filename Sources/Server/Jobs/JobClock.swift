import Reactor

/// The wall clock that stamps game results and decides when a scheduled job's slot is due.
///
/// Real time unless a test speeds it up: with `rate` 43,200 a day passes in two seconds, so a
/// test runs thirty nights of the nightly job in a minute on real processes. Results are stamped
/// with the same clock, so the games a test plays fall into the simulated nights they belong to.
/// Timeouts, leases and probes never use it: they run on the monotonic clock at real speed.
public struct JobClock: Sendable {
    /// Unix milliseconds the clock reads when the process starts; nil: the real time.
    public var origin: Int64?
    /// Simulated milliseconds per real millisecond; 1 for real time.
    public var rate: Double
    private let startedAt = MonotonicInstant.now()
    private let realOrigin = WallClock.milliseconds()

    public init(origin: Int64? = nil, rate: Double = 1) {
        precondition(rate > 0 && rate.isFinite, "a clock rate is positive")
        self.origin = origin
        self.rate = rate
    }

    /// The real wall clock.
    public static let real = JobClock()

    /// Whether it runs at real time from the real time.
    public var isReal: Bool { origin == nil && rate == 1 }

    /// Milliseconds since the Unix epoch, by this clock.
    public func milliseconds() -> Int64 {
        if isReal { return WallClock.milliseconds() }
        let elapsed = MonotonicInstant.now() - startedAt
        let elapsedMilliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        return (origin ?? realOrigin) + Int64(elapsedMilliseconds * rate)
    }

    /// Seconds since the Unix epoch, by this clock.
    public func seconds() -> Int64 { milliseconds() / 1000 }
}
