/// A cluster member's identity: its name and the address its cluster link listens on.
///
/// Two processes with the same name are told apart by `incarnation` in the membership state, not
/// here: a restarted node keeps its name and address and comes back with a higher incarnation.
public struct NodeID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The node's name (`a-z 0-9`, 1–16 characters), unique in the cluster.
    public let name: String
    /// `host:port` of the node's cluster link.
    public let address: String

    public init(name: String, address: String) {
        self.name = name
        self.address = address
    }

    public static func < (a: NodeID, b: NodeID) -> Bool { (a.name, a.address) < (b.name, b.address) }

    public var description: String { "\(name)@\(address)" }
}
