/// The nonces this node has recently used and seen, to name replays and
/// reflections precisely.
///
/// The proofs already make a replayed or reflected handshake fail (see
/// `ClusterHandshakeTranscript`); the ledger adds an earlier, more precise
/// verdict: a peer nonce we have seen before is a replay, one we generated
/// ourselves is a reflection (or a node dialing itself). It remembers the
/// last `capacity` nonces, oldest forgotten first; a replay older than that
/// still fails, as `.authenticationFailed`.
///
/// One ledger per node, shared by all its handshakes; a class because those
/// handshakes run on one loop and all update it. Not thread-safe.
public final class ClusterNonceLedger {
    /// What a peer's nonce is.
    public enum Verdict: Equatable, Sendable {
        /// Never seen: recorded now.
        case fresh
        /// Seen before from a peer.
        case replayed
        /// One of our own.
        case reflected
    }

    /// How many nonces are remembered.
    public let capacity: Int
    private var own: [ClusterNonce: Bool] = [:]
    private var ring: [ClusterNonce] = []
    private var next = 0

    public init(capacity: Int = 4096) {
        precondition(capacity > 0, "a nonce ledger needs room for at least one nonce")
        self.capacity = capacity
    }

    /// Nonces remembered now.
    public var count: Int { own.count }

    /// Remembers a nonce we generated.
    public func recordOwn(_ nonce: ClusterNonce) {
        remember(nonce, isOwn: true)
    }

    /// Judges a nonce a peer sent, remembering it if fresh.
    public func recordPeer(_ nonce: ClusterNonce) -> Verdict {
        if let isOwn = own[nonce] { return isOwn ? .reflected : .replayed }
        remember(nonce, isOwn: false)
        return .fresh
    }

    private func remember(_ nonce: ClusterNonce, isOwn: Bool) {
        guard own[nonce] == nil else { return }
        if ring.count < capacity {
            ring.append(nonce)
        } else {
            own[ring[next]] = nil
            ring[next] = nonce
            next = (next + 1) % capacity
        }
        own[nonce] = isOwn
    }
}
