/// One player's line on a kind's boards for one period: what the snapshot stores per player.
public struct LeaderboardEntry: Sendable, Hashable {
    public let playerID: String
    /// The nickname in the player's latest rated game.
    public let nickname: String
    /// The rating at the end of the period; `rating.games` counts all rated games.
    public let rating: Rating
    /// Games rated in the snapshot's period; 0 puts the player on the all-time board only.
    public let periodGames: Int

    public init(playerID: String, nickname: String, rating: Rating, periodGames: Int) {
        self.playerID = playerID
        self.nickname = nickname
        self.rating = rating
        self.periodGames = periodGames
    }

    /// Board order: higher rating first, then lower RD (the surer rating), then player id, so that
    /// every board has one order and every player one rank.
    public static func ranksAbove(_ a: LeaderboardEntry, _ b: LeaderboardEntry) -> Bool {
        if a.rating.value != b.rating.value { return a.rating.value > b.rating.value }
        if a.rating.deviation != b.rating.deviation { return a.rating.deviation < b.rating.deviation }
        return a.playerID < b.playerID
    }
}

/// Which of a kind's two boards a query reads.
public enum LeaderboardScope: Sendable, Hashable, CaseIterable {
    /// Players who played in the snapshot's period, ranked among themselves.
    case lastPeriod
    /// Everyone ever rated in the kind.
    case allTime
}

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
