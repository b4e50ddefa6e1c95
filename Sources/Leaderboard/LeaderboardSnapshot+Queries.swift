extension LeaderboardSnapshot {
    /// How many players `scope`'s board ranks.
    public func count(in scope: LeaderboardScope) -> Int {
        scope == .allTime ? entries.count : periodPositions.count
    }

    /// The best `count` players of the board (fewer if it is shorter).
    public func top(_ count: Int, in scope: LeaderboardScope) -> [LeaderboardStanding] {
        precondition(count >= 0, "a negative top count")
        return standings(fromRank: 1, count: count, in: scope)
    }

    /// `count` standings from `rank` on (1-based; fewer at the end of the board): a page.
    public func standings(fromRank rank: Int, count: Int, in scope: LeaderboardScope) -> [LeaderboardStanding] {
        precondition(rank >= 1 && count >= 0, "ranks start at 1 and counts are not negative")
        let start = rank - 1
        let total = self.count(in: scope)
        guard start < total else { return [] }
        return (start..<start + min(count, total - start)).map { standing(atBoardIndex: $0, in: scope) }
    }

    /// The player's rank and line on the board, or nil if the board does not rank them
    /// (never rated, or did not play in the period for `.lastPeriod`).
    public func standing(of playerID: String, in scope: LeaderboardScope) -> LeaderboardStanding? {
        boardIndex(of: playerID, in: scope).map { standing(atBoardIndex: $0, in: scope) }
    }

    /// The player and up to `radius` players ranked just above and just below, best first; empty
    /// if the board does not rank the player.
    public func around(_ playerID: String, radius: Int, in scope: LeaderboardScope) -> [LeaderboardStanding] {
        precondition(radius >= 0, "a negative radius")
        guard let index = boardIndex(of: playerID, in: scope) else { return [] }
        let first = max(0, index - radius)
        let last = min(count(in: scope) - 1, index + min(radius, count(in: scope)))
        return (first...last).map { standing(atBoardIndex: $0, in: scope) }
    }

    /// 0-based place on the board: the entry's position for `.allTime`, and for `.lastPeriod` its
    /// place among the period's players (a binary search: their positions are ascending).
    private func boardIndex(of playerID: String, in scope: LeaderboardScope) -> Int? {
        guard let position = positionByID[playerID] else { return nil }
        if scope == .allTime { return Int(position) }
        var low = 0
        var high = periodPositions.count
        while low < high {
            let middle = (low + high) / 2
            if periodPositions[middle] < position { low = middle + 1 } else { high = middle }
        }
        return low < periodPositions.count && periodPositions[low] == position ? low : nil
    }

    private func standing(atBoardIndex index: Int, in scope: LeaderboardScope) -> LeaderboardStanding {
        let position = scope == .allTime ? index : Int(periodPositions[index])
        return LeaderboardStanding(rank: index + 1, scope: scope, entry: entries[position])
    }
}
