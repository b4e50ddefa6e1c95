/// A finished game as a rating period sees it: who sat where, and in what order they placed.
///
/// Independent of `ResultStore`'s `GameResult` so that this module stays pure; the nightly job
/// converts one into the other. Placements carry more than a winner list: in Cycles the players
/// who crashed early placed below those who crashed late, and the rating should know it.
public struct RatedGame: Sendable, Hashable {
    /// One seat of the game.
    public struct Player: Sendable, Hashable {
        /// The seat number, as the game numbered it (0-based, not necessarily contiguous).
        public var seat: Int
        public var playerID: String
        /// The nickname at the time of the game; the leaderboards show the latest.
        public var nickname: String

        public init(seat: Int, playerID: String, nickname: String) {
            self.seat = seat
            self.playerID = playerID
            self.nickname = nickname
        }
    }

    /// Which game was played (`"connect-four"`, `"cycles"`): each kind has its own ratings.
    public var kind: String
    public var players: [Player]
    /// Seats grouped by placement, best first; the seats of one group tied. Connect Four: `[[winner], [loser]]`
    /// or `[[0, 1]]` for a draw; Cycles: survivors, then the crashed from last to first. Empty: aborted.
    public var placements: [[Int]]

    public init(kind: String, players: [Player], placements: [[Int]]) {
        self.kind = kind
        self.players = players
        self.placements = placements
    }

    /// A game whose result names only its winners: they share first place and everyone else ties
    /// for second. No winners is a draw between all.
    public init(kind: String, players: [Player], winners: [Int]) {
        let winnerSet = Set(winners)
        let others = players.map(\.seat).filter { !winnerSet.contains($0) }
        let groups = [winners.sorted(), others].filter { !$0.isEmpty }
        self.init(kind: kind, players: players, placements: groups)
    }

    /// A game stopped before it had a result (a player left, the owner node died): rated as nothing.
    public static func aborted(kind: String, players: [Player]) -> RatedGame {
        RatedGame(kind: kind, players: players, placements: [])
    }

    /// Whether the game stopped before a result; such games are not rated.
    public var isAborted: Bool { placements.isEmpty }

    /// Highest seat number accepted; seats index a small table while the game is checked.
    public static let maxSeat = 1023
}

extension RatedGame {
    /// Why a game that is not aborted cannot be rated.
    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        case tooFewPlayers(Int)
        case seatOutOfRange(Int)
        case seatTakenTwice(Int)
        case emptyPlayerID(seat: Int)
        case playerSeatedTwice(String)
        case emptyPlacementGroup
        case unknownSeatPlaced(Int)
        case seatPlacedTwice(Int)
        case seatNotPlaced(Int)

        public var description: String {
            switch self {
            case .tooFewPlayers(let count): "a rated game needs two players or more, not \(count)"
            case .seatOutOfRange(let seat): "seat \(seat) is outside 0...\(RatedGame.maxSeat)"
            case .seatTakenTwice(let seat): "seat \(seat) is taken twice"
            case .emptyPlayerID(let seat): "the player at seat \(seat) has an empty id"
            case .playerSeatedTwice(let id): "player \(id) sits at two seats"
            case .emptyPlacementGroup: "a placement group is empty"
            case .unknownSeatPlaced(let seat): "placed seat \(seat) has no player"
            case .seatPlacedTwice(let seat): "seat \(seat) is placed twice"
            case .seatNotPlaced(let seat): "seat \(seat) is not placed"
            }
        }
    }

    /// Why the game cannot be rated, or nil when it can (or is aborted, and so is rated as nothing).
    public var problem: Problem? {
        if isAborted { return nil }
        if case .failure(let problem) = placementRanks() { return problem }
        return nil
    }

    /// Every pair of players once, scored by placement from the side of the one seated first in
    /// `players`: 1 if placed higher, 0.5 if tied, 0 if lower. Empty for an aborted or invalid game.
    public func pairwiseResults() -> [PairwiseResult] {
        guard !isAborted, case .success(let ranks) = placementRanks() else { return [] }
        var results: [PairwiseResult] = []
        results.reserveCapacity(players.count * (players.count - 1) / 2)
        for i in players.indices {
            for j in (i + 1)..<players.count {
                results.append(
                    PairwiseResult(
                        player: players[i].playerID, opponent: players[j].playerID,
                        score: Double(Self.scoreHalves(ranks[i], ranks[j])) / 2))
            }
        }
        return results
    }

    /// The score in halves (2 win, 1 draw, 0 loss) of a player in placement group `rank` against one in `opponentRank`.
    static func scoreHalves(_ rank: Int32, _ opponentRank: Int32) -> UInt32 {
        rank < opponentRank ? 2 : rank == opponentRank ? 1 : 0
    }

    /// The placement group (0 = best) of each entry of `players`, or why there is none.
    func placementRanks() -> Result<[Int32], Problem> {
        guard players.count >= 2 else { return .failure(.tooFewPlayers(players.count)) }
        var maxSeat = 0
        for player in players {
            guard (0...Self.maxSeat).contains(player.seat) else { return .failure(.seatOutOfRange(player.seat)) }
            guard !player.playerID.isEmpty else { return .failure(.emptyPlayerID(seat: player.seat)) }
            maxSeat = max(maxSeat, player.seat)
        }
        // Position in `players` of each seat, then the group of each position; -1 for none yet.
        var positionOfSeat = [Int32](repeating: -1, count: maxSeat + 1)
        for (position, player) in players.enumerated() {
            guard positionOfSeat[player.seat] < 0 else { return .failure(.seatTakenTwice(player.seat)) }
            positionOfSeat[player.seat] = Int32(position)
        }
        if let twice = Self.firstRepeatedID(players) { return .failure(.playerSeatedTwice(twice)) }
        var ranks = [Int32](repeating: -1, count: players.count)
        for (group, seats) in placements.enumerated() {
            guard !seats.isEmpty else { return .failure(.emptyPlacementGroup) }
            for seat in seats {
                guard (0...maxSeat).contains(seat), positionOfSeat[seat] >= 0 else { return .failure(.unknownSeatPlaced(seat)) }
                let position = Int(positionOfSeat[seat])
                guard ranks[position] < 0 else { return .failure(.seatPlacedTwice(seat)) }
                ranks[position] = Int32(group)
            }
        }
        if let missing = ranks.firstIndex(of: -1) { return .failure(.seatNotPlaced(players[missing].seat)) }
        return .success(ranks)
    }

    /// A player id seated more than once; pairwise comparison for the usual handful of seats.
    private static func firstRepeatedID(_ players: [Player]) -> String? {
        if players.count > 16 {
            var seen = Set<String>()
            return players.first { !seen.insert($0.playerID).inserted }?.playerID
        }
        for i in players.indices {
            for j in (i + 1)..<players.count where players[i].playerID == players[j].playerID {
                return players[i].playerID
            }
        }
        return nil
    }
}

/// One pair of players from one game, as the rating sees it (a game of n players makes n(n − 1)/2).
///
/// Departure worth knowing: every pair counts as a full game, so one 8-player Cycles game moves a
/// rating about as much as seven Connect Four games. That is what the design asks for; weighting
/// pairs by 1/(n − 1) would need a change to Glicko-2's sums and is left for when data says so.
public struct PairwiseResult: Sendable, Hashable {
    public var player: String
    public var opponent: String
    /// `player`'s score: 1, 0.5 or 0.
    public var score: Double

    public init(player: String, opponent: String, score: Double) {
        self.player = player
        self.opponent = opponent
        self.score = score
    }
}
