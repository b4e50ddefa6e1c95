/// Lifeguard's local health multiplier: how much this node distrusts its own timeliness.
///
/// A saturating score in `0...max`. Signs that this node, not its peers, is slow push it up: a failed
/// probe whose relays did not all answer `nack`, having to refute a suspicion about itself, a `tick`
/// that came late. A successful probe brings it down. Probe periods and timeouts are stretched by
/// `1 + score`, so an overloaded node waits longer before blaming healthy peers.
struct Awareness: Hashable, Sendable {
    /// The highest score.
    let maxScore: Int
    /// The current score; 0 is healthy.
    private(set) var score = 0

    init(maxScore: Int) { self.maxScore = maxScore }

    /// Adds `delta` to the score, keeping it within `0...maxScore`.
    mutating func apply(_ delta: Int) {
        score = Swift.min(maxScore, Swift.max(0, score + delta))
    }

    /// `duration` stretched by `1 + score`.
    func scaled(_ duration: Duration) -> Duration { duration * (score + 1) }
}
