import Leaderboard

/// A small seeded generator (SplitMix64), so that every "random" test is the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// A player seated at `seat`, nicknamed after the id.
func seat(_ seat: Int, _ id: String, nickname: String? = nil) -> RatedGame.Player {
    RatedGame.Player(seat: seat, playerID: id, nickname: nickname ?? "nick-\(id)")
}

/// Connect Four between two players: `result` is 1 if `first` won, 0 if it lost, 0.5 for a draw.
func connectFour(_ first: String, _ second: String, _ result: Double) -> RatedGame {
    let placements: [[Int]] = result == 1 ? [[0], [1]] : result == 0 ? [[1], [0]] : [[0, 1]]
    return RatedGame(kind: "connect-four", players: [seat(0, first), seat(1, second)], placements: placements)
}

/// A period's worth of mixed games among `playerCount` players: two-player games with wins and
/// draws, Cycles-style games of up to 8 with ties, some aborted, some malformed, some of another kind.
func randomGames(count: Int, playerCount: Int, kind: String = "k", using random: inout SeededGenerator) -> [RatedGame] {
    (0..<count).map { _ in
        let size = Bool.random(using: &random) ? 2 : Int.random(in: 2...8, using: &random)
        var ids = Set<String>()
        while ids.count < size { ids.insert("p\(Int.random(in: 0..<playerCount, using: &random))") }
        let players = ids.sorted().enumerated().map { seat($0.offset, $0.element) }
        var seats = players.map(\.seat).shuffled(using: &random)
        var placements: [[Int]] = []
        while !seats.isEmpty {
            let group = Int.random(in: 1...max(1, min(seats.count, Int.random(in: 1...3, using: &random))), using: &random)
            placements.append(Array(seats.prefix(group)))
            seats.removeFirst(group)
        }
        switch Int.random(in: 0..<40, using: &random) {
        case 0: return RatedGame.aborted(kind: kind, players: players)
        case 1: return RatedGame(kind: kind, players: players, placements: [placements.joined().dropLast().map { $0 }])
        case 2: return RatedGame(kind: "other", players: players, placements: placements)
        default: return RatedGame(kind: kind, players: players, placements: placements)
        }
    }
}

/// Period-start ratings for some of the players `p0`, `p1`, … (the rest are new).
func randomRatings(playerCount: Int, using random: inout SeededGenerator) -> [String: Rating] {
    var ratings: [String: Rating] = [:]
    for player in 0..<playerCount where Int.random(in: 0..<3, using: &random) > 0 {
        ratings["p\(player)"] = Rating(
            value: Double.random(in: 1000...2200, using: &random), deviation: Double.random(in: 40...350, using: &random),
            volatility: Double.random(in: 0.04...0.09, using: &random), games: Int.random(in: 0...500, using: &random))
    }
    ratings["idle-veteran"] = Rating(value: 1900, deviation: 60, volatility: 0.06, games: 300)
    return ratings
}

/// The period rated the plain way, through public API only: every player's pairwise results from
/// `RatedGame.pairwiseResults()`, sorted by opponent id then score, fed to `Glicko2.rated`.
func referenceRatings(kind: String, previous: [String: Rating], games: [RatedGame], system: Glicko2) -> [String: Rating] {
    var outcomes: [String: [(opponent: String, score: Double)]] = [:]
    var gameCounts: [String: Int] = [:]
    for game in games where game.kind == kind && !game.isAborted && game.problem == nil {
        for player in game.players { gameCounts[player.playerID, default: 0] += 1 }
        for pair in game.pairwiseResults() {
            outcomes[pair.player, default: []].append((pair.opponent, pair.score))
            outcomes[pair.opponent, default: []].append((pair.player, 1 - pair.score))
        }
    }
    var ratings = previous.mapValues(system.idle)
    for (player, results) in outcomes {
        let sorted = results.sorted { ($0.opponent, $0.score) < ($1.opponent, $1.score) }
        let start = previous[player] ?? system.newPlayer
        var rating = system.rated(
            start,
            results: sorted.map { Glicko2.Outcome(opponent: previous[$0.opponent] ?? system.newPlayer, score: $0.score) })
        rating.games = start.games + gameCounts[player]!
        ratings[player] = rating
    }
    return ratings
}
