import Reactor

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
