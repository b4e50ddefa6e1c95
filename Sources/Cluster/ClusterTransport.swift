import ClusterWire

/// The link as the layers above use it (directory, pub/sub, forwarding,
/// replicated state): send to a named peer on a channel, hear peers come and
/// go. `ClusterLink` is the real one; an in-memory network for tests of those
/// layers can implement the same.
///
/// Threading: everything is called on one event loop (the link's); the
/// handler hears everything on that loop too.
public protocol ClusterTransport: AnyObject {
    /// This node, as its peers see it.
    var localPeer: ClusterPeer { get }
    /// Peers with an authenticated link now.
    var connectedPeers: [ClusterPeer] { get }
    /// Who hears about peers and data.
    var handler: ClusterLinkHandler? { get set }
    /// Queues `payload` for `peerName` on `channel` (never `.none`).
    @discardableResult
    func send(_ payload: UnsafeRawBufferPointer, channel: ClusterChannel, to peerName: String) -> ClusterSendResult
}

extension ClusterTransport {
    /// `send` for a payload in an array.
    @discardableResult
    public func send(_ payload: [UInt8], channel: ClusterChannel, to peerName: String) -> ClusterSendResult {
        payload.withUnsafeBytes { send($0, channel: channel, to: peerName) }
    }

    /// Sends `payload` to every connected peer; returns how many queued it.
    @discardableResult
    public func broadcast(_ payload: UnsafeRawBufferPointer, channel: ClusterChannel) -> Int {
        connectedPeers.reduce(0) { $0 + (send(payload, channel: channel, to: $1.name).isQueued ? 1 : 0) }
    }
}
