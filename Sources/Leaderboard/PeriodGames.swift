/// A period's games of one kind, flattened to player numbers in first-seen order: the first pass
/// of `RatingPeriodPlan`, before players are sorted by id and results laid out per player.
struct PeriodGames {
    let kind: String
    private var numberByID: [String: Int32] = [:]
    /// Indexed by player number (one array, so that a seat touches one cache line, not three).
    private(set) var players: [Player] = []
    /// Every rated game's players (by number) and placement groups, game after game.
    private var seatedPlayers: [Int32] = []
    private var seatedRanks: [Int32] = []
    /// Game g's seats are `seatedPlayers[gameStarts[g]..<gameStarts[g + 1]]`.
    private var gameStarts = [0]
    private(set) var ratedGameCount = 0
    private(set) var abortedGameCount = 0
    private(set) var rejectedGames: [RejectedGame] = []

    /// What the plan keeps of each player who played.
    struct Player {
        let id: String
        /// The nickname in the player's last game so far.
        var nickname: String
        var games = 0
        var results = 0
    }

    /// Ready for `gameCount` games (a hint for capacity only).
    init(kind: String, gameCount: Int) {
        self.kind = kind
        numberByID.reserveCapacity(gameCount)
        players.reserveCapacity(gameCount)
        seatedPlayers.reserveCapacity(gameCount * 2)
        seatedRanks.reserveCapacity(gameCount * 2)
        gameStarts.reserveCapacity(gameCount + 1)
    }

    mutating func add(_ game: RatedGame, index: Int) {
        if game.isAborted {
            abortedGameCount += 1
            return
        }
        let ranks: [Int32]
        switch game.placementRanks() {
        case .failure(let problem):
            rejectedGames.append(RejectedGame(index: index, problem: problem))
            return
        case .success(let found): ranks = found
        }
        ratedGameCount += 1
        let opponents = game.players.count - 1
        for (position, player) in game.players.enumerated() {
            let number = self.number(of: player.playerID)
            players[Int(number)].nickname = player.nickname
            players[Int(number)].games += 1
            players[Int(number)].results += opponents
            seatedPlayers.append(number)
            seatedRanks.append(ranks[position])
        }
        gameStarts.append(seatedPlayers.count)
    }

    private mutating func number(of id: String) -> Int32 {
        if let number = numberByID[id] { return number }
        precondition(players.count < RatingPeriodPlan.maxPlayers, "more than \(RatingPeriodPlan.maxPlayers) players in one period")
        let number = Int32(players.count)
        numberByID[id] = number
        players.append(Player(id: id, nickname: ""))
        return number
    }

    /// Players sorted by id, with each one's pairwise results (opponent's sorted index << 2 | score
    /// in halves) sorted too.
    func pairwiseResults() -> (players: [Player], resultStarts: [Int], results: [UInt32]) {
        let count = players.count
        var order = (0..<Int32(count)).map { $0 }
        order.sort { players[Int($0)].id < players[Int($1)].id }
        var sortedIndex = [Int32](repeating: 0, count: count)
        var resultStarts = [Int](repeating: 0, count: count + 1)
        for (index, number) in order.enumerated() {
            sortedIndex[Int(number)] = Int32(index)
            resultStarts[index + 1] = resultStarts[index] + players[Int(number)].results
        }
        var cursors = resultStarts
        var results = [UInt32](repeating: 0, count: resultStarts[count])
        results.withUnsafeMutableBufferPointer { results in
            for game in 0..<(gameStarts.count - 1) {
                let seats = gameStarts[game]..<gameStarts[game + 1]
                for first in seats {
                    let a = Int(sortedIndex[Int(seatedPlayers[first])])
                    for second in (first + 1)..<seats.upperBound {
                        let b = Int(sortedIndex[Int(seatedPlayers[second])])
                        let halves = RatedGame.scoreHalves(seatedRanks[first], seatedRanks[second])
                        results[cursors[a]] = UInt32(b) << 2 | halves
                        cursors[a] += 1
                        results[cursors[b]] = UInt32(a) << 2 | (2 - halves)
                        cursors[b] += 1
                    }
                }
            }
            for player in 0..<count {
                var slice = UnsafeMutableBufferPointer(rebasing: results[resultStarts[player]..<resultStarts[player + 1]])
                slice.sort()
            }
        }
        return (order.map { players[Int($0)] }, resultStarts, results)
    }
}
