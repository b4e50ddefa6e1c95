/// A shard of the cluster: a node and the index of one of its event loops.
struct ShardPlace: Hashable, Sendable, CustomStringConvertible {
    let node: String
    let shard: Int

    var description: String { "\(node)/\(shard)" }
}

/// Where a session lives: the shard that owns it and its id there.
struct SessionAddress: Hashable, Sendable {
    let node: String
    let shard: Int
    let id: String

    var place: ShardPlace { ShardPlace(node: node, shard: shard) }
}

/// Where a client connection lives: its shard and its number there.
struct LinkAddress: Hashable, Sendable {
    let node: String
    let shard: Int
    let id: Int

    var place: ShardPlace { ShardPlace(node: node, shard: shard) }
}
