extension RatingPeriodPlan {
    /// The players who played, split into `min(count, activePlayerCount)` chunks of about equal
    /// work (players plus results), each a contiguous run of player ids. None when nobody played.
    public func chunks(count: Int) -> [RatingChunkInput] {
        precondition((1...Self.maxChunks).contains(count), "chunk count must be in 1...\(Self.maxChunks)")
        let ranges = chunkRanges(min(count, activePlayerCount))
        // Local opponent number of each player for the chunk being built; -1 when not yet in it.
        var localNumber = [Int32](repeating: -1, count: activePlayerCount)
        return ranges.enumerated().map { index, players in
            chunk(players, index: index, count: ranges.count, localNumber: &localNumber)
        }
    }

    /// Everyone's new ratings from the outputs of one `chunks(count:)` split (in any order):
    /// those who played from their chunk, everyone else in `previous` with only RD widened.
    public func merge(_ outputs: [RatingChunkOutput]) throws(RatingMergeError) -> RatingPeriodResult {
        var ratings = previous.mapValues(system.idle)
        var periodGames: [String: Int] = [:]
        var nicknames: [String: String] = [:]
        periodGames.reserveCapacity(activePlayerCount)
        nicknames.reserveCapacity(activePlayerCount)
        for (index, players) in try matchedRanges(outputs) {
            for (offset, player) in players.enumerated() {
                ratings[playerIDs[player]] = outputs[index].ratings[offset]
                periodGames[playerIDs[player]] = self.periodGames[player]
                nicknames[playerIDs[player]] = self.nicknames[player]
            }
        }
        return RatingPeriodResult(kind: kind, ratings: ratings, periodGames: periodGames, nicknames: nicknames)
    }

    /// Pairs each output (by position in `outputs`) with the players it rates, after checking that
    /// the outputs are exactly the chunks of one split of this plan.
    private func matchedRanges(_ outputs: [RatingChunkOutput]) throws(RatingMergeError) -> [(Int, Range<Int>)] {
        guard let count = outputs.first?.count else {
            if activePlayerCount == 0 { return [] }
            throw .missingChunks([0])
        }
        // A split of this plan has 1...activePlayerCount chunks (see `chunks(count:)`).
        guard count >= 1, count <= activePlayerCount else { throw .invalidChunkCount(count) }
        let ranges = chunkRanges(count)
        var outputOfChunk = [Int?](repeating: nil, count: count)
        for (position, output) in outputs.enumerated() {
            guard output.kind == kind else { throw .kindMismatch(expected: kind, got: output.kind) }
            guard output.count == count else { throw .chunkCountMismatch(expected: count, got: output.count) }
            guard (0..<count).contains(output.index) else { throw .chunkIndexOutOfRange(index: output.index, count: count) }
            guard outputOfChunk[output.index] == nil else { throw .duplicateChunk(index: output.index) }
            let players = ranges[output.index]
            guard output.digest == digest(players, index: output.index, count: count),
                output.ratings.count == players.count
            else { throw .chunkDoesNotMatchPlan(index: output.index) }
            guard output.ratings.allSatisfy(\.isPlausible) else { throw .implausibleRating(chunk: output.index) }
            outputOfChunk[output.index] = position
        }
        let missing = outputOfChunk.indices.filter { outputOfChunk[$0] == nil }
        guard missing.isEmpty else { throw .missingChunks(missing) }
        return outputOfChunk.indices.map { (outputOfChunk[$0]!, ranges[$0]) }
    }

    /// `count` non-empty contiguous ranges of players, cut where the running work (one per player
    /// plus one per result) crosses each multiple of total / count.
    func chunkRanges(_ count: Int) -> [Range<Int>] {
        precondition(count <= activePlayerCount, "more chunks than players")
        guard count > 0 else { return [] }
        func workBefore(_ player: Int) -> Double { Double(player + resultStarts[player]) }
        let total = workBefore(activePlayerCount)
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(count)
        var start = 0
        for chunk in 0..<(count - 1) {
            let target = total * Double(chunk + 1) / Double(count)
            // Leave at least one player for each chunk still to come.
            let lastEnd = activePlayerCount - (count - 1 - chunk)
            var end = start + 1
            while end < lastEnd, workBefore(end) < target { end += 1 }
            ranges.append(start..<end)
            start = end
        }
        ranges.append(start..<activePlayerCount)
        return ranges
    }

    /// The self-contained input for `players`, with opponents renumbered to a local table.
    private func chunk(_ players: Range<Int>, index: Int, count: Int, localNumber: inout [Int32]) -> RatingChunkInput {
        var opponents: [Int] = []
        var localResults: [UInt32] = []
        localResults.reserveCapacity(resultStarts[players.upperBound] - resultStarts[players.lowerBound])
        for result in results[resultStarts[players.lowerBound]..<resultStarts[players.upperBound]] {
            let opponent = Int(result >> 2)
            if localNumber[opponent] < 0 {
                localNumber[opponent] = Int32(opponents.count)
                opponents.append(opponent)
            }
            localResults.append(UInt32(localNumber[opponent]) << 2 | result & 3)
        }
        for opponent in opponents { localNumber[opponent] = -1 }
        let base = resultStarts[players.lowerBound]
        return RatingChunkInput(
            kind: kind, index: index, count: count, digest: digest(players, index: index, count: count),
            system: Glicko2(tau: system.tau, convergenceTolerance: system.convergenceTolerance, maxDeviation: system.maxDeviation),
            priors: Array(priors[players]), periodGames: Array(periodGames[players]),
            resultStarts: resultStarts[players.lowerBound...players.upperBound].map { $0 - base },
            results: localResults,
            opponents: opponents.map { OpponentRating(value: priors[$0].value, deviation: priors[$0].deviation) })
    }

    /// FNV-1a (64-bit) over the kind, the chunk's place and its players' ids, each followed by a 0 byte.
    func digest(_ players: Range<Int>, index: Int, count: Int) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func add<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            hash = hash &* 0x100_0000_01b3
        }
        add(kind.utf8)
        add("\(index)/\(count)".utf8)
        for player in players { add(playerIDs[player].utf8) }
        return hash
    }
}
