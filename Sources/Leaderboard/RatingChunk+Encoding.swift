/// The chunk encodings carried by the cluster link. All integers are minimal LEB128 varints,
/// all doubles big-endian IEEE 754, all text a varint byte count and UTF-8.
///
/// Input:  format 1, version 1, kind, count, index, digest (8 bytes), τ, ε, max RD,
///         opponent count, per opponent: rating, RD;
///         player count, per player: rating, RD, σ, games, period games, result count,
///         per result: opponent index << 2 | score in halves.
/// Output: format 2, version 1, kind, count, index, digest (8 bytes),
///         player count, per player: rating, RD, σ, games.
extension RatingChunkInput {
    /// The input in the layout above; `init(encoded:)` reads it back.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter(.chunkInput, reservingCapacity: 64 + opponents.count * 16 + priors.count * 30 + results.count * 2)
        writer.writeChunkPlace(kind: kind, index: index, count: count, digest: digest)
        writer.double(system.tau)
        writer.double(system.convergenceTolerance)
        writer.double(system.maxDeviation)
        writer.int(opponents.count)
        for opponent in opponents {
            writer.double(opponent.value)
            writer.double(opponent.deviation)
        }
        writer.int(priors.count)
        for player in priors.indices {
            writer.double(priors[player].value)
            writer.double(priors[player].deviation)
            writer.double(priors[player].volatility)
            writer.int(priors[player].games)
            writer.int(periodGames[player])
            writer.int(resultStarts[player + 1] - resultStarts[player])
            for result in results[resultStarts[player]..<resultStarts[player + 1]] { writer.varint(UInt64(result)) }
        }
        return writer.bytes
    }

    /// Reads an encoded input, refusing anything `encoded()` would not write: wrong format or
    /// version, implausible ratings or system constants, a result naming a missing opponent,
    /// trailing bytes.
    public init(encoded bytes: [UInt8]) throws(LeaderboardDecodingError) {
        self = try bytes.decoding { (raw) throws(LeaderboardDecodingError) in try Self(encoded: raw) }
    }

    public init(encoded bytes: UnsafeRawBufferPointer) throws(LeaderboardDecodingError) {
        var reader = ByteReader(bytes)
        try reader.header(.chunkInput)
        let place = try reader.readChunkPlace()
        let tau = try reader.double("tau", in: Glicko2.plausibleTaus)
        let tolerance = try reader.double("convergenceTolerance", in: Glicko2.plausibleTolerances)
        let maxDeviation = try reader.double("maxDeviation", in: Rating.plausibleDeviations)
        let opponentCount = try reader.count("opponents.count", minBytesEach: 16)
        var opponents: [OpponentRating] = []
        opponents.reserveCapacity(opponentCount)
        for opponent in 0..<opponentCount {
            let value = try reader.double("opponents[\(opponent)].value", in: Rating.plausibleValues)
            let deviation = try reader.double("opponents[\(opponent)].deviation", in: Rating.plausibleDeviations)
            opponents.append(OpponentRating(value: value, deviation: deviation))
        }
        let playerCount = try reader.count("players.count", minBytesEach: 28)
        var priors: [Rating] = []
        var periodGames: [Int] = []
        var resultStarts = [0]
        var results: [UInt32] = []
        priors.reserveCapacity(playerCount)
        periodGames.reserveCapacity(playerCount)
        resultStarts.reserveCapacity(playerCount + 1)
        for player in 0..<playerCount {
            priors.append(try reader.readRating("players[\(player)]"))
            let resultsAt = reader.offset
            let games = try reader.int("players[\(player)].periodGames", in: 1...Rating.plausibleGames.upperBound)
            let resultCount = try reader.count("players[\(player)].results.count", minBytesEach: 1)
            guard resultCount >= games else {
                throw reader.failure("players[\(player)].results.count", at: resultsAt, "is \(resultCount), fewer than the \(games) games played")
            }
            periodGames.append(games)
            for result in 0..<resultCount {
                let at = reader.offset
                let packed = try reader.varint("players[\(player)].results[\(result)]")
                guard packed & 3 <= 2, packed >> 2 < UInt64(opponentCount) else {
                    throw reader.failure("players[\(player)].results[\(result)]", at: at, "names opponent \(packed >> 2) of \(opponentCount) with score \(packed & 3) halves")
                }
                results.append(UInt32(packed))
            }
            resultStarts.append(results.count)
        }
        try reader.end()
        self.init(
            kind: place.kind, index: place.index, count: place.count, digest: place.digest,
            system: Glicko2(tau: tau, convergenceTolerance: tolerance, maxDeviation: maxDeviation),
            priors: priors, periodGames: periodGames, resultStarts: resultStarts, results: results, opponents: opponents)
    }
}

extension RatingChunkOutput {
    /// The output in the layout above; `init(encoded:)` reads it back.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter(.chunkOutput, reservingCapacity: 32 + ratings.count * 28)
        writer.writeChunkPlace(kind: kind, index: index, count: count, digest: digest)
        writer.int(ratings.count)
        for rating in ratings { writer.writeRating(rating) }
        return writer.bytes
    }

    /// Reads an encoded output, refusing anything `encoded()` would not write.
    public init(encoded bytes: [UInt8]) throws(LeaderboardDecodingError) {
        self = try bytes.decoding { (raw) throws(LeaderboardDecodingError) in try Self(encoded: raw) }
    }

    public init(encoded bytes: UnsafeRawBufferPointer) throws(LeaderboardDecodingError) {
        var reader = ByteReader(bytes)
        try reader.header(.chunkOutput)
        let place = try reader.readChunkPlace()
        let count = try reader.count("ratings.count", minBytesEach: 25)
        var ratings: [Rating] = []
        ratings.reserveCapacity(count)
        for player in 0..<count { ratings.append(try reader.readRating("ratings[\(player)]")) }
        try reader.end()
        self.init(kind: place.kind, index: place.index, count: place.count, digest: place.digest, ratings: ratings)
    }
}

extension ByteWriter {
    mutating func writeChunkPlace(kind: String, index: Int, count: Int, digest: UInt64) {
        string(kind)
        int(count)
        int(index)
        uint64(digest)
    }

    mutating func writeRating(_ rating: Rating) {
        double(rating.value)
        double(rating.deviation)
        double(rating.volatility)
        int(rating.games)
    }
}

extension ByteReader {
    mutating func readChunkPlace() throws(LeaderboardDecodingError) -> (kind: String, index: Int, count: Int, digest: UInt64) {
        let kind = try string("kind")
        let count = try int("count", in: 1...RatingPeriodPlan.maxChunks)
        let index = try int("index", in: 0...(count - 1))
        return (kind, index, count, try uint64("digest"))
    }

    mutating func readRating(_ field: @autoclosure () -> String) throws(LeaderboardDecodingError) -> Rating {
        Rating(
            value: try double("\(field()).value", in: Rating.plausibleValues),
            deviation: try double("\(field()).deviation", in: Rating.plausibleDeviations),
            volatility: try double("\(field()).volatility", in: Rating.plausibleVolatilities),
            games: try int("\(field()).games", in: Rating.plausibleGames))
    }
}
