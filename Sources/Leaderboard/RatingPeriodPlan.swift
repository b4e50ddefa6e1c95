/// One game kind's rating period, prepared to be rated in independent chunks.
///
/// A player's new rating depends only on the period-start ratings of itself and its opponents,
/// so the players who played can be split into chunks and each chunk rated on a different node:
/// `chunks(count:)` makes self-contained `RatingChunkInput`s, any node runs `rated()` on one, and
/// `merge(_:)` puts the outputs together with the players who sat the period out (whose RD only
/// widens). `rated()` does all of it in process.
///
/// The outcome is the same bit for bit however many chunks there are and in whatever order the
/// games come: players are ordered by id and each player's results by opponent, so every sum
/// adds the same numbers in the same order (`RatingPeriodPlanTests` guards both).
///
/// A game of n players counts as its n(n − 1)/2 pairs (see `PairwiseResult`). Aborted games are
/// skipped; malformed ones are skipped and listed in `rejectedGames` for the job to log.
public struct RatingPeriodPlan: Sendable {
    /// The kind rated; games of other kinds are not this plan's and are passed over.
    public let kind: String
    public let system: Glicko2
    /// Everyone rated before the period, by player id: the period-start ratings.
    public let previous: [String: Rating]
    /// Games rated (neither aborted nor rejected).
    public let ratedGameCount: Int
    /// Aborted games of this kind, rated as nothing.
    public let abortedGameCount: Int
    /// Malformed games of this kind, not rated: their index in the input and what was wrong.
    public let rejectedGames: [RejectedGame]

    /// Players who played, sorted by id; the arrays below are indexed alike.
    let playerIDs: [String]
    let priors: [Rating]
    let periodGames: [Int]
    /// The nickname in the player's last game, in input order.
    let nicknames: [String]
    /// Player p's results are `results[resultStarts[p]..<resultStarts[p + 1]]`, sorted.
    let resultStarts: [Int]
    /// Opponent's player index << 2 | score in halves.
    let results: [UInt32]

    /// Most chunks one period is split into.
    public static let maxChunks = 4096
    /// Most players who can play in one period (the result packing keeps 30 bits for them).
    public static let maxPlayers = 1 << 30

    /// Prepares the period: `previous` are the ratings at its start (a player missing there is
    /// new), `games` the period's games, in the order played (it only decides nicknames).
    public init(kind: String, previous: [String: Rating], games: [RatedGame], system: Glicko2 = Glicko2()) {
        var collected = PeriodGames(kind: kind, gameCount: games.count)
        for (index, game) in games.enumerated() where game.kind == kind { collected.add(game, index: index) }
        let (players, resultStarts, results) = collected.pairwiseResults()
        self.kind = kind
        self.system = system
        self.previous = previous
        self.ratedGameCount = collected.ratedGameCount
        self.abortedGameCount = collected.abortedGameCount
        self.rejectedGames = collected.rejectedGames
        self.playerIDs = players.map(\.id)
        self.priors = players.map { previous[$0.id] ?? system.newPlayer }
        // Snapshots only hold plausible ratings (their decoder checks), and chunk decoders refuse others.
        precondition(priors.allSatisfy(\.isPlausible), "a period-start rating is implausible")
        self.periodGames = players.map(\.games)
        self.nicknames = players.map(\.nickname)
        self.resultStarts = resultStarts
        self.results = results
    }

    /// How many players played in the period.
    public var activePlayerCount: Int { playerIDs.count }
    /// How many pairwise results the period has, counted from both sides.
    public var resultCount: Int { results.count }

    /// Everyone's new ratings, computed here in one piece.
    public func rated() -> RatingPeriodResult {
        do {
            return try merge(chunks(count: 1).map { $0.rated() })
        } catch {
            preconditionFailure("a plan's own chunks always merge: \(error)")
        }
    }
}
