/// A node at the other end of an authenticated link, as it proved itself in
/// the handshake.
public struct ClusterPeer: Hashable, Sendable, CustomStringConvertible {
    /// The node's name, unique in the cluster.
    public var name: String
    /// Where the node's link listens (`host:port`), as it advertises it; empty if it does not listen.
    public var address: String
    /// Random per process start: a restarted node keeps its name and address
    /// but comes back with a new instance id.
    public var instanceID: UInt64

    public init(name: String, address: String, instanceID: UInt64) {
        self.name = name
        self.address = address
        self.instanceID = instanceID
    }

    public var description: String { "\(name)@\(address.isEmpty ? "-" : address)" }
}

/// Who this node is in handshakes.
public struct ClusterLocalIdentity: Hashable, Sendable {
    /// The cluster this node belongs to; peers of another cluster are refused.
    public var clusterName: String
    /// This node's name (1–64 of `A-Z a-z 0-9 . _ -`).
    public var nodeName: String
    /// Where this node's link listens, told to peers (`host:port`, may be empty).
    public var address: String
    /// Random per process start (see `ClusterPeer.instanceID`).
    public var instanceID: UInt64

    public init(clusterName: String, nodeName: String, address: String, instanceID: UInt64) {
        precondition(ClusterNames.isValidName(clusterName.utf8), "invalid cluster name \"\(clusterName)\"")
        precondition(ClusterNames.isValidName(nodeName.utf8), "invalid node name \"\(nodeName)\"")
        precondition(ClusterNames.isValidAddress(address.utf8), "invalid advertised address \"\(address)\"")
        self.clusterName = clusterName
        self.nodeName = nodeName
        self.address = address
        self.instanceID = instanceID
    }
}
