/// The tunables of the failure detector, with defaults that detect a killed node within 3 s on a LAN
/// or loopback while a node that stalls for about a second is never declared dead.
///
/// Durations marked "scaled by local health" are multiplied by `1 + score` (Lifeguard's local health
/// multiplier, 0 when healthy, see `Awareness`); "scaled by log n" means multiplied by
/// `max(1, log10(n))` for `n` live members including this node.
public struct MembershipSettings: Hashable, Sendable {
    /// Time between the starts of two probes by this node (SWIM's protocol period); scaled by local health.
    public var protocolPeriod: Duration = .milliseconds(250)
    /// How long to wait for the `ack` of a direct `ping` before asking relays; scaled by local health.
    /// Also how long a relay waits for the target before answering `nack`.
    public var probeTimeout: Duration = .milliseconds(120)
    /// How long to wait, after sending `pingRequest`s, for a relayed `ack` before suspecting the target;
    /// scaled by local health. Longer than `probeTimeout` so relays' `nack`s arrive in time.
    public var indirectProbeTimeout: Duration = .milliseconds(200)
    /// How many relays (SWIM's k) are asked to probe a target that missed its direct probe.
    public var indirectProbeCount: Int = 3
    /// Suspicion timeout once enough independent suspecters agree; scaled by log n.
    public var suspicionTimeoutMin: Duration = .seconds(1)
    /// Suspicion timeout with no other suspecter (Lifeguard's dynamic suspicion starts here and shrinks
    /// towards the minimum as confirmations arrive); scaled by log n.
    public var suspicionTimeoutMax: Duration = .milliseconds(1500)
    /// Independent suspecters (besides the first) that bring the suspicion timeout down to the minimum;
    /// capped at `n - 2`, the members that could confirm.
    public var suspicionConfirmations: Int = 3
    /// Highest local health score (Lifeguard's S): timeouts stretch at most `1 + maxLocalHealthScore` times.
    public var maxLocalHealthScore: Int = 8
    /// How late a `tick` may come, past the deadline asked for, before this node counts itself stalled
    /// and stops judging peers by the time it was not looking.
    public var stallThreshold: Duration = .milliseconds(100)
    /// SWIM's λ: each update is piggy-backed `retransmitMultiplier * ceil(log10(n + 1))` times.
    public var retransmitMultiplier: Int = 4
    /// Random live members that news learned in an event is pushed to at once in a `gossip` message
    /// (0 turns the eager push off and leaves piggy-backing only).
    public var gossipFanout: Int = 3
    /// Most gossip entries piggy-backed on one message (at most `MembershipMessage.maxGossipEntries`).
    public var maxGossipPerMessage: Int = 32
    /// Time between two re-joins (full-state exchanges) through the next seed, so healed partitions merge.
    public var rejoinInterval: Duration = .seconds(3)
    /// How long a dead or left member is remembered so that old news cannot bring it back. Long, so that
    /// after a partition shorter than this each side learns it was declared dead and restarts (after a
    /// longer one the sides simply re-join). Entries are per name, so the cost is one small entry per
    /// departed name in every full-state exchange.
    public var tombstoneLifetime: Duration = .seconds(600)

    /// The defaults.
    public init() {}

    /// Traps on settings no cluster can run with (a programmer error, not a runtime condition).
    func validate() {
        precondition(protocolPeriod > .zero && probeTimeout > .zero, "timeouts must be positive")
        // Relays nack after probeTimeout; a shorter indirect wait would miss every nack and blame this node.
        precondition(indirectProbeTimeout > probeTimeout, "indirectProbeTimeout must exceed probeTimeout")
        precondition(suspicionTimeoutMin > .zero && suspicionTimeoutMax >= suspicionTimeoutMin, "need 0 < suspicion min <= max")
        precondition(indirectProbeCount >= 0 && suspicionConfirmations >= 0 && maxLocalHealthScore >= 0, "counts must not be negative")
        precondition(retransmitMultiplier >= 1 && gossipFanout >= 0, "retransmitMultiplier >= 1, gossipFanout >= 0")
        precondition(
            (1...MembershipMessage.maxGossipEntries).contains(maxGossipPerMessage),
            "maxGossipPerMessage must be 1...\(MembershipMessage.maxGossipEntries)")
        precondition(rejoinInterval > .zero && tombstoneLifetime > .zero && stallThreshold > .zero, "intervals must be positive")
    }
}
