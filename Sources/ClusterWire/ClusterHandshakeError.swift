/// Why a handshake did not bring a link up. Each case says what was wrong and,
/// where an operator can act, what to check. None carries a secret or a MAC.
public enum ClusterHandshakeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The peer's frames carry a wire version we do not speak.
    case unsupportedVersion(UInt8)
    /// The byte stream broke the frame rules (bad length, reserved flags, ...).
    case malformedFrame(ClusterFrameError)
    /// A handshake message did not parse: which message, which field, what.
    case malformedMessage(ClusterFrameType, field: String, problem: String)
    /// A frame that is not the next handshake step (data before the handshake, say).
    case unexpectedFrame(ClusterFrameType)
    /// The peer belongs to another cluster.
    case clusterMismatch(peerCluster: String)
    /// The peer proves with a key id we do not hold.
    case unknownKey(keyID: String)
    /// The peer's proof did not verify: it does not hold the secret for the key id.
    case authenticationFailed(keyID: String)
    /// The peer sent a nonce seen in an earlier handshake: a recorded handshake replayed.
    case replayedNonce
    /// The peer sent back one of our own nonces.
    case reflectedNonce
    /// The peer sent back our own proof as its proof.
    case reflectedProof
    /// The peer is this very process (a seed list naming ourselves, say).
    case connectedToSelf
    /// Another process uses our node name.
    case sameNodeName(String)
    /// We dialed `expected` but reached `actual`.
    case unexpectedPeer(expected: String, actual: String)
    /// The peer dialed `expected`, which is not us.
    case wrongNode(expected: String)
    /// The peer refused the handshake.
    case refusedByPeer(ClusterCloseReason)
    /// We refused it (a duplicate link, shutting down, too busy).
    case refusedLocally(ClusterCloseReason)
    /// The peer closed the connection mid-handshake.
    case peerClosed
    /// The handshake did not finish in time.
    case timedOut

    public var description: String {
        switch self {
        case .unsupportedVersion(let version):
            "peer speaks cluster wire version \(version), this node speaks \(ClusterWireVersion.current): run the same release on both"
        case .malformedFrame(let error):
            "malformed frame during the handshake: \(error)"
        case .malformedMessage(let type, let field, let problem):
            "malformed \(type) message: \(field) \(problem)"
        case .unexpectedFrame(let type):
            "unexpected \(type) frame during the handshake"
        case .clusterMismatch(let peerCluster):
            "peer belongs to cluster \"\(peerCluster)\": check the cluster name on both nodes"
        case .unknownKey(let keyID):
            "peer uses cluster key \(keyID), which this node does not hold: add it before making it current anywhere"
        case .authenticationFailed(let keyID):
            "peer's proof for cluster key \(keyID) did not verify: check that both nodes have the same secret for it"
        case .replayedNonce:
            "peer reused a nonce from an earlier handshake (a replayed handshake)"
        case .reflectedNonce:
            "peer sent back this node's own nonce (a reflected handshake, or the node dialed itself)"
        case .reflectedProof:
            "peer sent back this node's own proof (a reflected handshake)"
        case .connectedToSelf:
            "connected to this node itself: remove its own address from the peer list"
        case .sameNodeName(let name):
            "another node also calls itself \"\(name)\": node names must be unique"
        case .unexpectedPeer(let expected, let actual):
            "dialed node \(expected) but reached \(actual): check the peer address"
        case .wrongNode(let expected):
            "peer dialed node \(expected), which is not this node: check its peer list"
        case .refusedByPeer(let reason):
            "peer refused the handshake: \(reason)"
        case .refusedLocally(let reason):
            "handshake refused: \(reason)"
        case .peerClosed:
            "peer closed the connection during the handshake"
        case .timedOut:
            "handshake timed out"
        }
    }

    /// The reason sent to the peer in the `.close` frame, or nil when nothing
    /// is sent (the peer refused or left, or a local refusal carries its own).
    var closeReason: ClusterCloseReason? {
        switch self {
        case .unsupportedVersion: .unsupportedVersion
        case .malformedFrame, .malformedMessage: .malformed
        case .unexpectedFrame: .unexpectedFrame
        case .clusterMismatch: .clusterMismatch
        case .unknownKey: .unknownKey
        // Replays and reflections look like any failed proof from outside.
        case .authenticationFailed, .replayedNonce, .reflectedNonce, .reflectedProof: .authenticationFailed
        case .connectedToSelf, .sameNodeName: .sameNodeName
        case .unexpectedPeer, .wrongNode: .wrongNode
        case .refusedLocally(let reason): reason
        case .timedOut: .handshakeTimeout
        case .refusedByPeer, .peerClosed: nil
        }
    }
}
