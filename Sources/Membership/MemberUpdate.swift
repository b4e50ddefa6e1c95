/// What a member's state is in one node's view.
public enum MemberStatus: UInt8, Hashable, Sendable, CustomStringConvertible {
    /// Answering probes, or not yet found failing.
    case alive = 0
    /// A probe failed; declared dead unless it refutes before the suspicion timeout.
    case suspect = 1
    /// Declared dead (tombstoned); only a higher generation brings the name back.
    case dead = 2
    /// Left cleanly (tombstoned); only a higher generation brings the name back.
    case left = 3

    /// Alive or suspect: still a member whose state the cluster keeps.
    public var isLive: Bool { self == .alive || self == .suspect }

    public var description: String {
        switch self {
        case .alive: "alive"
        case .suspect: "suspect"
        case .dead: "dead"
        case .left: "left"
        }
    }
}

/// One member as this node sees it.
public struct Member: Hashable, Sendable, CustomStringConvertible {
    /// The member's identity (its address is the one of its newest known generation).
    public var node: NodeID
    /// Its state in this node's view.
    public var status: MemberStatus
    /// The run and refutation count the state is about.
    public var incarnation: Incarnation

    public init(node: NodeID, status: MemberStatus, incarnation: Incarnation) {
        self.node = node
        self.status = status
        self.incarnation = incarnation
    }

    public var description: String { "\(node) \(status) \(incarnation)" }
}

/// A piece of membership news, as gossiped and as exchanged in a full-state join.
public struct MemberUpdate: Hashable, Sendable, CustomStringConvertible {
    /// The news: a member's state, with who suspects it for a suspicion.
    public enum Status: Hashable, Sendable {
        /// The member is alive at this incarnation (from itself, or passed on).
        case alive
        /// `by` failed to get an answer from the member; distinct suspecters shorten the timeout.
        case suspect(by: NodeID)
        /// The member was declared dead.
        case dead
        /// The member left cleanly.
        case left
    }

    /// The member the news is about.
    public var node: NodeID
    /// The run and refutation count the news is about.
    public var incarnation: Incarnation
    /// What is said about the member.
    public var status: Status

    public init(node: NodeID, incarnation: Incarnation, status: Status) {
        self.node = node
        self.incarnation = incarnation
        self.status = status
    }

    /// The status without the suspecter.
    public var memberStatus: MemberStatus {
        switch status {
        case .alive: .alive
        case .suspect: .suspect
        case .dead: .dead
        case .left: .left
        }
    }

    public var description: String {
        switch status {
        case .suspect(let by): "\(node) suspect \(incarnation) by \(by.name)"
        default: "\(node) \(memberStatus) \(incarnation)"
        }
    }
}
