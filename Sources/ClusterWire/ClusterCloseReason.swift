/// Why a side closes the link: the one-byte payload of a `.close` frame, sent
/// to refuse a handshake or to end an established link.
///
/// Deliberately coarse towards the peer: a replayed or reflected handshake is
/// answered with `.authenticationFailed`, so a prober learns nothing about our
/// replay defences; the precise cause stays in our own log and counters. An
/// open set, so a newer peer's reason is shown by number.
public struct ClusterCloseReason: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The frame had a wire version we do not speak.
    public static let unsupportedVersion = ClusterCloseReason(rawValue: 1)
    /// A frame or message did not parse.
    public static let malformed = ClusterCloseReason(rawValue: 2)
    /// A frame of a type not allowed at this point.
    public static let unexpectedFrame = ClusterCloseReason(rawValue: 3)
    /// The hello named another cluster.
    public static let clusterMismatch = ClusterCloseReason(rawValue: 4)
    /// The hello named a key id we do not hold.
    public static let unknownKey = ClusterCloseReason(rawValue: 5)
    /// A proof did not verify.
    public static let authenticationFailed = ClusterCloseReason(rawValue: 6)
    /// The initiator meant to reach another node.
    public static let wrongNode = ClusterCloseReason(rawValue: 7)
    /// A link between the two nodes exists already; this one is redundant.
    public static let duplicateConnection = ClusterCloseReason(rawValue: 8)
    /// The peer has our node name (or is ourselves).
    public static let sameNodeName = ClusterCloseReason(rawValue: 9)
    /// The sender is shutting down.
    public static let shuttingDown = ClusterCloseReason(rawValue: 10)
    /// The handshake took too long.
    public static let handshakeTimeout = ClusterCloseReason(rawValue: 11)
    /// The link was silent too long.
    public static let idleTimeout = ClusterCloseReason(rawValue: 12)
    /// The receiver could not keep up (its send queue hit the cap).
    public static let slowPeer = ClusterCloseReason(rawValue: 13)
    /// A newer link to the same node replaced this one (the peer restarted).
    public static let replaced = ClusterCloseReason(rawValue: 14)
    /// The sender is busy with too many handshakes.
    public static let busy = ClusterCloseReason(rawValue: 15)

    /// The `.close` frame payload.
    public var payload: [UInt8] { [rawValue] }

    public var description: String {
        switch self {
        case .unsupportedVersion: "unsupported version"
        case .malformed: "malformed"
        case .unexpectedFrame: "unexpected frame"
        case .clusterMismatch: "cluster mismatch"
        case .unknownKey: "unknown key"
        case .authenticationFailed: "authentication failed"
        case .wrongNode: "wrong node"
        case .duplicateConnection: "duplicate connection"
        case .sameNodeName: "same node name"
        case .shuttingDown: "shutting down"
        case .handshakeTimeout: "handshake timeout"
        case .idleTimeout: "idle timeout"
        case .slowPeer: "slow peer"
        case .replaced: "replaced"
        case .busy: "busy"
        default: "reason \(rawValue)"
        }
    }

    /// The reason in a `.close` payload; nil unless it is exactly one byte.
    public static func parse(_ payload: UnsafeRawBufferPointer) -> ClusterCloseReason? {
        payload.count == 1 ? ClusterCloseReason(rawValue: payload[0]) : nil
    }
}
