import ClusterWire

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
