import ClusterWire
import Reactor

/// Who a node is on the cluster link, where it listens, and every limit and
/// timer of its links. Every default is on; all nodes of a cluster should use
/// the same `maxPayloadBytes` (a peer drops a link that sends it more).
public struct ClusterLinkConfiguration: Sendable {
    /// The cluster's name; nodes of another cluster are refused.
    public var clusterName: String
    /// This node's name, unique in the cluster (1–64 of `A-Z a-z 0-9 . _ -`).
    public var nodeName: String
    /// The shared secrets (see `ClusterKeyring` for rotation).
    public var keyring: ClusterKeyring

    /// Address the link listens on.
    public var listenHost = "127.0.0.1"
    /// Port the link listens on; 0 picks a free one (see `ClusterLink.listeningAddress`).
    public var listenPort = 0
    /// `host:port` told to peers so they can dial back; nil uses the bound address.
    public var advertisedAddress: String?
    /// Mutual TLS under the handshake; nil runs plain TCP.
    public var tls: ClusterTLSConfiguration?

    /// Largest data payload sent or accepted in one frame.
    public var maxPayloadBytes = ClusterFrameLimits.defaultMaxPayloadBytes
    /// Time from connect (or accept) to an authenticated link, TLS included.
    public var handshakeTimeout: Duration = .seconds(5)
    /// A link silent this long is sent a ping...
    public var pingInterval: Duration = .seconds(2)
    /// ...and one silent this long (no frame at all, pongs included) is dropped.
    public var idleTimeout: Duration = .seconds(10)
    /// How long a closing link waits for its last bytes to drain and the peer to hang up.
    public var closeTimeout: Duration = .seconds(2)
    /// Stop reading from a peer while this many bytes wait to be sent to it,
    /// so a peer that does not read cannot make us buffer its requests' answers.
    public var pauseReadingQueuedBytes = 4 << 20
    /// Drop the link to a peer with more than this many bytes waiting to be
    /// sent to it (a slow or stuck peer); it is redialed with backoff.
    public var maxQueuedBytes = 16 << 20
    /// Redial delays for peers added with `ClusterLink.connect(to:)`.
    public var reconnectBackoff = ClusterBackoff()
    /// Connections allowed in the handshake at once; more are closed at accept
    /// (a flood of unauthenticated sockets cannot hold memory or CPU).
    public var maxPendingHandshakes = 64
    /// Nonces remembered to name replayed handshakes (see `ClusterNonceLedger`).
    public var replayMemory = 4096
    /// Where log events go (on the link's loop). Defaults to one line on stderr.
    public var log: @Sendable (ClusterLinkLogEvent) -> Void = { ClusterLinkLogEvent.writeToStandardError($0) }

    public init(clusterName: String, nodeName: String, keyring: ClusterKeyring) {
        self.clusterName = clusterName
        self.nodeName = nodeName
        self.keyring = keyring
    }
}
