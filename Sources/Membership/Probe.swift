/// A probe this node started: a direct `ping`, then `pingRequest`s through relays if it times out.
struct Probe: Hashable, Sendable {
    /// Where the probe stands.
    enum Phase: Hashable, Sendable {
        /// Waiting for the target's `ack` to the direct `ping`.
        case direct
        /// Relays were asked; waiting for a relayed (or late direct) `ack`, counting relays' `nack`s.
        case indirect(relays: Int, nacks: Int)
    }

    /// The member being probed.
    let target: NodeID
    var phase: Phase
    /// When the current phase times out.
    var deadline: MembershipInstant
}

/// A probe this node runs for another node's `pingRequest`.
struct RelayedProbe: Hashable, Sendable {
    /// The node that asked, which gets the `ack` or, at the deadline, a `nack`.
    let origin: NodeID
    /// The sequence number the origin used.
    let originSequence: UInt64
    /// When this node gives up on the target and answers `nack`.
    var deadline: MembershipInstant
}
