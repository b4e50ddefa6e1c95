/// Everything one node needs to rate one chunk of a rating period's players, and nothing more:
/// the chunk's players with their period-start ratings and results, and the rating and RD of
/// every opponent they met. Made by `RatingPeriodPlan.chunks(count:)`; travels over the cluster
/// link in `encoded()` form; `rated()` gives the `RatingChunkOutput` that goes back.
///
/// Player ids do not travel: the output lists new ratings in the input's player order, and the
/// plan that made the chunk knows who they are. `digest` ties an output to its input.
public struct RatingChunkInput: Sendable, Hashable {
    /// The game kind rated.
    public let kind: String
    /// This chunk's position among `count` chunks of the period, from 0.
    public let index: Int
    public let count: Int
    /// FNV-1a of the kind, the chunk's place and its players' ids; echoed by the output.
    public let digest: UInt64
    /// The system the plan rates with (`newPlayer` stays behind: priors are resolved already).
    public let system: Glicko2
    /// Each player's rating at the start of the period.
    let priors: [Rating]
    /// Games each player played in the period.
    let periodGames: [Int]
    /// Player p's results are `results[resultStarts[p]..<resultStarts[p + 1]]`.
    let resultStarts: [Int]
    /// A result: opponent index into `opponents` << 2 | score in halves (2 win, 1 draw, 0 loss).
    let results: [UInt32]
    /// Rating and RD of every opponent, at the start of the period.
    let opponents: [OpponentRating]

    /// How many players this chunk rates.
    public var playerCount: Int { priors.count }
    /// How many pairwise results this chunk rates (a measure of its work).
    public var resultCount: Int { results.count }

    /// The chunk's players' new ratings, in input order, with this period's games counted.
    public func rated() -> RatingChunkOutput {
        let table = opponents.map(\.onGlicko2Scale)
        var ratings: [Rating] = []
        ratings.reserveCapacity(priors.count)
        for player in priors.indices {
            var sums = Glicko2Sums(player: priors[player])
            for result in results[resultStarts[player]..<resultStarts[player + 1]] {
                let opponent = table[Int(result >> 2)]
                sums.add(opponentMu: opponent.mu, opponentG: opponent.g, score: Double(result & 3) / 2)
            }
            var rating = system.rated(priors[player], sums: sums)
            rating.games = priors[player].games + periodGames[player]
            ratings.append(rating)
        }
        return RatingChunkOutput(kind: kind, index: index, count: count, digest: digest, ratings: ratings)
    }
}

/// An opponent's rating and RD: all a chunk needs of someone it does not rate.
struct OpponentRating: Sendable, Hashable {
    var value: Double
    var deviation: Double

    var onGlicko2Scale: Glicko2Opponent {
        Glicko2Opponent(Rating(value: value, deviation: deviation, volatility: 0))
    }
}
