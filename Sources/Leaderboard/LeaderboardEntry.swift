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
