/// What the link must do after a handshake event.
public enum ClusterHandshakeAction: Equatable {
    /// Write these bytes (whole frames) and wait for the next frame.
    case send([UInt8])
    /// Nothing to write; wait for the next frame.
    case wait
    /// Acceptor only: the initiator has proved itself as this peer. The link
    /// decides whether it wants this connection (one per node pair) and calls
    /// `accept()` or `refuse(_:)`.
    case decide(ClusterPeer)
    /// The link is up with this peer: write `send` (the welcome, or nothing),
    /// after which frames of any post-handshake type may flow.
    case established(ClusterPeer, send: [UInt8])
    /// The handshake failed: write `send` (a `.close` frame, or nothing), then close.
    case fail(ClusterHandshakeError, send: [UInt8])
}
