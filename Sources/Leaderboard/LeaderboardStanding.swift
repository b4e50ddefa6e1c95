/// A player's place on one board: what every query answers with.
public struct LeaderboardStanding: Sendable, Hashable {
    /// 1 for the best.
    public let rank: Int
    public let scope: LeaderboardScope
    public let entry: LeaderboardEntry

    public init(rank: Int, scope: LeaderboardScope, entry: LeaderboardEntry) {
        self.rank = rank
        self.scope = scope
        self.entry = entry
    }

    public var playerID: String { entry.playerID }
    public var nickname: String { entry.nickname }
    public var rating: Double { entry.rating.value }
    public var deviation: Double { entry.rating.deviation }
    /// The games this board counts: the period's on `.lastPeriod`, all rated ones on `.allTime`.
    public var games: Int { scope == .lastPeriod ? entry.periodGames : entry.rating.games }
}
