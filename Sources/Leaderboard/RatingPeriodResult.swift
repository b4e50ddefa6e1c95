/// Everyone's rating after one kind's rating period, as `RatingPeriodPlan.merge(_:)` assembles it.
public struct RatingPeriodResult: Sendable, Equatable {
    public let kind: String
    /// Everyone rated: players who played re-rated, everyone else with RD widened.
    public let ratings: [String: Rating]
    /// Games each player who played rated in the period.
    public let periodGames: [String: Int]
    /// The nickname of each player who played, from their last game.
    public let nicknames: [String: String]

    public init(kind: String, ratings: [String: Rating], periodGames: [String: Int], nicknames: [String: String]) {
        self.kind = kind
        self.ratings = ratings
        self.periodGames = periodGames
        self.nicknames = nicknames
    }
}
