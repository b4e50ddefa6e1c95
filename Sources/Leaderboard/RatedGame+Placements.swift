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
