import ClusterWire

/// What the layers above hear from the link. Every method is called on the
/// link's loop thread, one at a time, never re-entrantly from inside a
/// `ClusterLink` call except where that call's documentation says so
/// (`stop()` and `disconnect(from:)` report the links they close).
public protocol ClusterLinkHandler: AnyObject {
    /// An authenticated link to `peer` is up; sends to `peer.name` go through.
    /// Called once per peer until `peerDisconnected`, even if the link is
    /// swapped underneath (a simultaneous dial resolved). A restarted peer
    /// (new `instanceID`) is reported as a disconnect followed by a connect.
    func peerConnected(_ peer: ClusterPeer)

    /// The link to `peer` is gone; sends to it are refused until it is back.
    func peerDisconnected(_ peer: ClusterPeer, reason: ClusterDisconnectReason)

    /// A data frame from `peer`. `payload` is valid only during the call
    /// (it points into the loop's read buffer): copy what you keep.
    func received(_ payload: UnsafeRawBufferPointer, channel: ClusterChannel, from peer: ClusterPeer)
}

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

/// The outcome of a send.
public enum ClusterSendResult: Hashable, Sendable {
    /// Queued for the peer. Delivery is not acknowledged: a link that drops
    /// later loses what it had queued (at-most-once, like the layers promise).
    case queued
    /// No authenticated link to that peer now.
    case notConnected
    /// The payload is over `maxPayloadBytes`.
    case payloadTooLarge
    /// The peer's queue passed `maxQueuedBytes`: the link was dropped (and
    /// will be redialed if it was added with `connect(to:)`).
    case peerTooSlow

    /// Whether the payload was queued.
    public var isQueued: Bool { self == .queued }
}
