/// The snapshot encoding, for publishing to every node and keeping on disk. Varints minimal
/// LEB128, doubles big-endian IEEE 754, text a varint byte count and UTF-8:
///
///     format 3, version 1, kind, period slot start (8 bytes, two's complement), entry count,
///     per entry in board order: player id, nickname, rating, RD, σ, games, period games.
extension LeaderboardSnapshot {
    /// The snapshot in the layout above; `init(encoded:)` reads it back.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter(.snapshot, reservingCapacity: 32 + entries.count * 64)
        writer.string(kind)
        writer.uint64(UInt64(bitPattern: period.slotStart))
        writer.int(entries.count)
        for entry in entries {
            writer.string(entry.playerID)
            writer.string(entry.nickname)
            writer.writeRating(entry.rating)
            writer.int(entry.periodGames)
        }
        return writer.bytes
    }

    /// Reads an encoded snapshot, refusing anything `encoded()` would not write: entries out of
    /// board order, a player twice, implausible ratings, more period games than games.
    public init(encoded bytes: [UInt8]) throws(LeaderboardDecodingError) {
        self = try bytes.decoding { (raw) throws(LeaderboardDecodingError) in try Self(encoded: raw) }
    }

    public init(encoded bytes: UnsafeRawBufferPointer) throws(LeaderboardDecodingError) {
        var reader = ByteReader(bytes)
        try reader.header(.snapshot)
        let kind = try reader.string("kind")
        let period = RatingPeriod(slotStart: Int64(bitPattern: try reader.uint64("period")))
        let count = try reader.count("entries.count", minBytesEach: 29)
        var entries: [LeaderboardEntry] = []
        var index: [String: Int32] = [:]
        entries.reserveCapacity(count)
        index.reserveCapacity(count)
        for position in 0..<count {
            let start = reader.offset
            let id = try reader.string("entries[\(position)].playerID")
            let nickname = try reader.string("entries[\(position)].nickname", minBytes: 0)
            let rating = try reader.readRating("entries[\(position)].rating")
            let periodGames = try reader.int("entries[\(position)].periodGames", in: 0...rating.games)
            let entry = LeaderboardEntry(playerID: id, nickname: nickname, rating: rating, periodGames: periodGames)
            if let previous = entries.last, !LeaderboardEntry.ranksAbove(previous, entry) {
                throw reader.failure("entries[\(position)]", at: start, "is out of board order (or repeats the entry before)")
            }
            guard index.updateValue(Int32(position), forKey: id) == nil else {
                throw reader.failure("entries[\(position)].playerID", at: start, "repeats a player ranked above")
            }
            entries.append(entry)
        }
        try reader.end()
        self.init(kind: kind, period: period, sorted: entries, index: index)
    }
}
