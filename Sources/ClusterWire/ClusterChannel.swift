/// Which layer above the link a `.data` frame belongs to. The link only
/// routes by it; each layer defines its own messages inside the payload.
///
/// Numbers are assigned here, in one place, so two layers never pick the same
/// one. The set is open: a value without a name is still delivered.
public struct ClusterChannel: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Not a channel: the value on every frame that is not `.data`.
    public static let none = ClusterChannel(rawValue: 0)
    /// SWIM membership: probes, acks, gossip.
    public static let membership = ClusterChannel(rawValue: 1)
    /// Game placement and the replicated game directory.
    public static let directory = ClusterChannel(rawValue: 2)
    /// Cluster pub/sub (lobby events).
    public static let pubSub = ClusterChannel(rawValue: 3)
    /// A player message forwarded to the game's owner.
    public static let forwardRequest = ClusterChannel(rawValue: 4)
    /// The owner's answer to a forwarded message.
    public static let forwardReply = ClusterChannel(rawValue: 5)
    /// Replicated per-node state (presence, lobby directory): deltas and anti-entropy.
    public static let stateSync = ClusterChannel(rawValue: 6)
    /// Singleton leases and fencing tokens.
    public static let singleton = ClusterChannel(rawValue: 7)
    /// Task fan-out (rating chunks) and results replication.
    public static let tasks = ClusterChannel(rawValue: 8)

    public var description: String {
        switch self {
        case .none: "none"
        case .membership: "membership"
        case .directory: "directory"
        case .pubSub: "pubsub"
        case .forwardRequest: "forward-request"
        case .forwardReply: "forward-reply"
        case .stateSync: "state-sync"
        case .singleton: "singleton"
        case .tasks: "tasks"
        default: "channel \(rawValue)"
        }
    }
}
