/// Whether a node has anyone to join, for readiness checks.
extension ClusterNode {
    /// True when this node runs and has no one to join through: no configured seed but itself and,
    /// with a seed DNS name, an answer that named no other node. A node alone by design is as
    /// joined as it will get; a node with seeds is joined once it has met a member.
    /// False before the DNS name has answered once, so a node does not call itself alone just
    /// because it has not looked yet.
    public var isAloneByDesign: Bool {
        precondition(loop.inLoop, "ClusterNode must be used on its loop")
        guard phase == .running, staticSeeds.isEmpty else { return false }
        guard configuration.seedDNSName != nil else { return true }
        return seedDNSAnswered && dnsSeeds.isEmpty
    }
}
