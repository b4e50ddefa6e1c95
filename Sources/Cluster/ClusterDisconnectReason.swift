import ClusterWire

/// Why a link went down.
public enum ClusterDisconnectReason: Hashable, Sendable, CustomStringConvertible {
    /// The peer sent a `.close` frame with this reason.
    case closedByPeer(ClusterCloseReason)
    /// The connection ended without a `.close` frame (EOF, reset, write error).
    case connectionLost
    /// The peer broke the frame rules.
    case protocolViolation
    /// Nothing arrived for `idleTimeout`.
    case idleTimeout
    /// Our send queue to the peer passed `maxQueuedBytes`.
    case slowPeer
    /// The peer restarted and its new process linked in.
    case replaced
    /// `ClusterLink.disconnect(from:)` was called.
    case disconnected
    /// `ClusterLink.stop()` was called.
    case linkStopped

    public var description: String {
        switch self {
        case .closedByPeer(let reason): "closed by peer (\(reason))"
        case .connectionLost: "connection lost"
        case .protocolViolation: "protocol violation"
        case .idleTimeout: "idle timeout"
        case .slowPeer: "slow peer"
        case .replaced: "replaced by the peer's new process"
        case .disconnected: "disconnected"
        case .linkStopped: "link stopped"
        }
    }
}
