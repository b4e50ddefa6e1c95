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
