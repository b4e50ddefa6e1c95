import Synchronization

/// What the admin API shows, published by the loops that own it (once a second, only when an admin
/// token is configured) and read by HTTP handlers on any loop. Handlers never reach into another
/// loop's games: they read the last snapshot, at most a second old.
final class AdminViews: Sendable {
    /// Games hosted here, by shard index.
    let games = Mutex<[Int: [HostedGameSummary]]>([:])
}

/// One hosted game as an operator sees it.
struct HostedGameSummary: Sendable, Equatable {
    var id: String
    var kind: String
    /// `waiting`, `playing` or `finished`.
    var state: String
    var seats: Int
    /// Nicknames in the seats.
    var players: [String]
    var spectators: Int
    var isPrivate: Bool
    /// When it was opened (wall clock, ms).
    var createdAtMilliseconds: Int64
    var shard: Int
}
