import Membership

/// Everything a `ClusterNode` needs: its link, where to find the cluster, and the failure detector's
/// tunables. All nodes of a cluster should use the same `membership` settings.
public struct ClusterNodeConfiguration: Sendable {
    /// The cluster link: cluster name, node name, keyring, listen host/port, advertised address, TLS.
    /// The node name doubles as the membership identity, so it must pass `isValidNodeName`.
    public var link: ClusterLinkConfiguration
    /// `host:port` of other nodes' cluster links to join through. This node's own address may be in the
    /// list (one list for every node is the easy way to configure a cluster); it is skipped.
    public var seeds: [String]
    /// A DNS name whose A/AAAA records are more seeds (a headless Kubernetes service, say), each at
    /// `seedDNSPort`. Resolved off the loop thread at start and again every `membership.rejoinInterval`.
    public var seedDNSName: String?
    /// The cluster port of the nodes behind `seedDNSName` (the default of `roost serve --seed-dns-port`).
    public var seedDNSPort: Int = 7946
    /// The failure detector's tunables (SWIM with Lifeguard).
    public var membership = MembershipSettings()
    /// How long a membership message waits for a link still being dialed (to a seed, or to a member
    /// just learned of) before it is dropped; a seed dial with nothing left to send is then given up
    /// until the next re-join.
    public var heldMessageLifetime: Duration = .seconds(2)
    /// Most membership messages waiting for one address or member; the oldest goes first.
    public var maxHeldMessagesPerPeer = 16
    /// Longest `leave(then:)` waits for the leave to be written to every peer before closing the link.
    public var leaveFlushTimeout: Duration = .seconds(1)
    /// Where membership log lines go (on the node's loop). Defaults to one line on standard error.
    public var log: @Sendable (ClusterNodeLogEvent) -> Void = { ClusterNodeLogEvent.writeToStandardError($0) }

    public init(link: ClusterLinkConfiguration, seeds: [String] = []) {
        self.link = link
        self.seeds = seeds
    }

    /// Whether `name` can name a cluster node: 1–16 characters of `a-z 0-9`. The link accepts more
    /// (`ClusterNames`), membership does not, so check this before building a node from user input.
    public static func isValidNodeName(_ name: String) -> Bool {
        NodeID(name: name, address: "-").isValid
    }
}
