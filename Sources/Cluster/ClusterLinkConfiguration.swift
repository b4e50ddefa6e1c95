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

/// Mutual TLS for the cluster link: every node presents a certificate from
/// the cluster's CA and requires one from its peer, in both directions.
///
/// The HMAC handshake still runs inside TLS: TLS says "a certificate from our
/// CA", the handshake says "this cluster, this node name, this secret".
public struct ClusterTLSConfiguration: Sendable {
    /// For accepted connections: presents our certificate and requires the
    /// dialer's (`TLSContext.server(certificateChainPath:privateKeyPath:clientTrustRootsPath:)`).
    public var server: TLSContext
    /// For dialed connections: checks the peer's certificate against the CA
    /// and presents ours (`TLSContext.client(trustRootsPath:clientCertificate:)`).
    public var client: TLSContext
    /// Also check the dialed host name or IP against the peer certificate's
    /// names. Off by default: with a private cluster CA, any certificate it
    /// issued is a cluster node, and pods' addresses change.
    public var verifyHostName = false

    public init(server: TLSContext, client: TLSContext, verifyHostName: Bool = false) {
        self.server = server
        self.client = client
        self.verifyHostName = verifyHostName
    }

    /// Both contexts from one node certificate (with both serverAuth and
    /// clientAuth usage) and the cluster CA, all PEM files.
    public static func mutual(
        certificateChainPath: String, privateKeyPath: String, trustRootsPath: String, verifyHostName: Bool = false
    ) throws(TLSError) -> ClusterTLSConfiguration {
        let server = try TLSContext.server(
            certificateChainPath: certificateChainPath, privateKeyPath: privateKeyPath, clientTrustRootsPath: trustRootsPath)
        let client = try TLSContext.client(
            trustRootsPath: trustRootsPath, clientCertificate: (chain: certificateChainPath, key: privateKeyPath))
        return ClusterTLSConfiguration(server: server, client: client, verifyHostName: verifyHostName)
    }
}
