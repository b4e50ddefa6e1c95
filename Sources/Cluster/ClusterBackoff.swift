/// Exponential backoff with jitter for redialing a peer.
///
/// Attempt *n* waits between half and all of `min(maximum, initial × 2ⁿ)`
/// ("equal jitter"): the delay still grows, so a down peer is not hammered,
/// and the random half keeps nodes that lost a peer together from all
/// redialing in the same millisecond when it returns.
public struct ClusterBackoff: Hashable, Sendable {
    /// The delay before the first redial (at most).
    public var initialDelay: Duration
    /// The cap on any delay.
    public var maximumDelay: Duration

    public init(initialDelay: Duration = .milliseconds(100), maximumDelay: Duration = .seconds(5)) {
        precondition(initialDelay > .zero && maximumDelay >= initialDelay, "backoff needs 0 < initial <= maximum")
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
    }

    /// The delay before attempt `attempt` (0 for the first redial), given
    /// `unitRandom` drawn uniformly from 0..<1.
    public func delay(attempt: Int, unitRandom: Double) -> Duration {
        precondition(attempt >= 0 && (0..<1).contains(unitRandom), "attempt >= 0, unitRandom in 0..<1")
        var ceiling = initialDelay
        for _ in 0..<min(attempt, 62) where ceiling < maximumDelay {
            ceiling = ceiling * 2
        }
        ceiling = min(ceiling, maximumDelay)
        return ceiling / 2 + ceiling / 2 * unitRandom
    }
}
