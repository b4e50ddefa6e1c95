/// A message between two membership instances; every kind carries piggy-backed gossip.
///
/// The shell sends it over the authenticated cluster link to the node named in the directive, so the
/// sender is known from the link and is not repeated here. `encode()` and `decode(_:)` live in
/// `MembershipMessage+Codec.swift`.
public struct MembershipMessage: Hashable, Sendable, CustomStringConvertible {
    /// What the message asks or answers.
    public enum Kind: Hashable, Sendable {
        /// A direct probe; the receiver answers `ack` with the same sequence number.
        case ping(sequence: UInt64)
        /// Asks the receiver to probe `target` and relay its `ack` (or a `nack` on timeout) under `sequence`.
        case pingRequest(sequence: UInt64, target: NodeID)
        /// Answers a `ping`, or relays the target's answer to a `pingRequest`.
        case ack(sequence: UInt64)
        /// Lifeguard: the relay is alive but the target of the `pingRequest` did not answer it in time.
        case nack(sequence: UInt64)
        /// A node joining (or re-joining through a seed) pushes its full state; the receiver answers `joinAck`.
        case join(state: [MemberUpdate])
        /// The receiver's full state, answering `join`.
        case joinAck(state: [MemberUpdate])
        /// Gossip only: news pushed at once, or a clean leave.
        case gossip
    }

    /// What the message asks or answers.
    public var kind: Kind
    /// Membership news piggy-backed on the message (at most `MembershipMessage.maxGossipEntries`).
    public var gossip: [MemberUpdate]

    public init(_ kind: Kind, gossip: [MemberUpdate] = []) {
        self.kind = kind
        self.gossip = gossip
    }

    /// The kind's name, for logs (never log the payload).
    public var kindName: String {
        switch kind {
        case .ping: "ping"
        case .pingRequest: "ping-req"
        case .ack: "ack"
        case .nack: "nack"
        case .join: "join"
        case .joinAck: "join-ack"
        case .gossip: "gossip"
        }
    }

    public var description: String { "\(kindName) +\(gossip.count) gossip" }
}
