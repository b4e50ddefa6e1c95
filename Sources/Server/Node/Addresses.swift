/// Where a session lives: the shard (event loop) that owns it and its id there.
struct SessionAddress: Hashable, Sendable {
    let shard: Int
    let id: String
}

/// Where a client connection lives: its shard and its number there.
struct LinkAddress: Hashable, Sendable {
    let shard: Int
    let id: Int
}
