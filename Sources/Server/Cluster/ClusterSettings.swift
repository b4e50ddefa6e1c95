import Cluster
import ClusterWire
import Membership

/// How a node joins a cluster. Absent (`ServerConfiguration.cluster == nil`), the node serves alone.
public struct ClusterSettings: Sendable {
    /// The cluster's name: nodes of other clusters are refused at the handshake.
    public var clusterName = "roost"
    /// Address the cluster link listens on.
    public var listenHost = "127.0.0.1"
    /// Port the cluster link listens on (0 picks one).
    public var listenPort = 0
    /// `host:port` other nodes dial; nil uses the bound address.
    public var advertisedAddress: String?
    /// Other nodes' cluster addresses (`host:port`); this node's own may be among them.
    public var seeds: [String] = []
    /// A DNS name whose A/AAAA records are seeds (a Kubernetes headless service), with their port.
    public var seedDNSName: String?
    public var seedDNSPort = 7946
    /// The shared secret that authenticates nodes to each other (at least 32 bytes); also signs
    /// player tokens, so a token from any node is valid on every node.
    public var secret: [UInt8]
    /// Mutual TLS under the handshake; nil runs the authenticated handshake over plain TCP.
    public var tls: ClusterTLSConfiguration?
    /// The URL clients may use to reach this node directly (sent in `redirect` hints).
    public var publicURL: String?
    /// SWIM tunables.
    public var membership = MembershipSettings()

    public init(secret: [UInt8]) {
        precondition(secret.count >= 32, "the cluster secret needs at least 32 bytes")
        self.secret = secret
    }
}
