import ClusterWire
import Glibc

/// Something the link reports to the operator. Events carry node names,
/// addresses, connection ids, frame types and error causes; never a secret,
/// a MAC, a nonce or a payload.
public enum ClusterLinkLogEvent: Sendable, CustomStringConvertible {
    /// The link listens.
    case listening(node: String, address: String)
    /// A link to `peer` is up.
    case peerConnected(connection: UInt64, peer: ClusterPeer, initiated: Bool, tls: Bool)
    /// The link to `peer` is gone.
    case peerDisconnected(connection: UInt64, peer: ClusterPeer, reason: ClusterDisconnectReason)
    /// A dial did not connect.
    case connectFailed(target: String, error: String)
    /// TLS under a connection failed.
    case tlsFailed(connection: UInt64, remote: String, error: String)
    /// A handshake failed; `peer` is who the connection claimed or was meant to be, if known.
    case handshakeFailed(connection: UInt64, remote: String, peer: String?, error: ClusterHandshakeError)
    /// An authenticated peer broke the frame rules; the link was dropped.
    case protocolViolation(connection: UInt64, peer: String, problem: String)
    /// A peer's send queue passed the cap; the link was dropped.
    case slowPeerDropped(connection: UInt64, peer: String, queuedBytes: Int)

    /// Whether an operator should look: failures and drops, as opposed to the
    /// normal comings and goings.
    public var isWarning: Bool {
        switch self {
        case .listening, .peerConnected, .peerDisconnected: false
        case .handshakeFailed(_, _, _, let error):
            switch error {
            case .refusedByPeer(.duplicateConnection), .refusedLocally(.duplicateConnection), .refusedByPeer(.shuttingDown):
                false
            default: true
            }
        case .connectFailed, .tlsFailed, .protocolViolation, .slowPeerDropped: true
        }
    }

    public var description: String {
        switch self {
        case .listening(let node, let address):
            "cluster link of \(node) listening on \(address)"
        case .peerConnected(let id, let peer, let initiated, let tls):
            "#\(id) linked to \(peer) (\(initiated ? "dialed" : "accepted")\(tls ? ", TLS" : ""))"
        case .peerDisconnected(let id, let peer, let reason):
            "#\(id) link to \(peer) closed: \(reason)"
        case .connectFailed(let target, let error):
            "dial \(target) failed: \(error)"
        case .tlsFailed(let id, let remote, let error):
            "#\(id) TLS with \(remote) failed: \(error)"
        case .handshakeFailed(let id, let remote, let peer, let error):
            "#\(id) handshake with \(peer.map { "\($0) at " } ?? "")\(remote) failed: \(error)"
        case .protocolViolation(let id, let peer, let problem):
            "#\(id) dropped \(peer): \(problem)"
        case .slowPeerDropped(let id, let peer, let queued):
            "#\(id) dropped slow peer \(peer) with \(queued) bytes queued"
        }
    }

    /// The default sink: one line on standard error.
    public static func writeToStandardError(_ event: ClusterLinkLogEvent) {
        // One write(2) per line, so lines from several loops never interleave mid-line.
        let line = Array("cluster: \(event.isWarning ? "warning: " : "")\(event)\n".utf8)
        _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
