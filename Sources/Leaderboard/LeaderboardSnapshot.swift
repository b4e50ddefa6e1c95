/// One game kind's boards as they stood at the end of one rating period: immutable, published
/// to every node by the nightly job, and queried locally.
///
/// It also carries the ratings the next period starts from (`ratings`), so a node needs nothing
/// else to run the next period. Entries are kept sorted with an index by player id, so top N,
/// a rank and the ranks around a player cost O(log n) or less, for millions of players.
public struct LeaderboardSnapshot: Sendable {
    public let kind: String
    public let period: RatingPeriod
    /// Everyone rated, best first (`LeaderboardEntry.ranksAbove`): the all-time board.
    public let entries: [LeaderboardEntry]
    /// Positions in `entries` of the players who played in the period, ascending: the last-period board.
    let periodPositions: [Int32]
    /// Position in `entries` of each player.
    let positionByID: [String: Int32]

    /// A snapshot of these entries, sorted into board order; player ids must be distinct.
    public init(kind: String, period: RatingPeriod, entries: [LeaderboardEntry]) {
        let sorted = entries.sorted(by: LeaderboardEntry.ranksAbove)
        switch Self.index(sorted) {
        case .success(let index): self.init(kind: kind, period: period, sorted: sorted, index: index)
        case .failure(let duplicate): preconditionFailure("player \(duplicate.id) appears twice in a snapshot")
        }
    }

    /// The boards after a rating period: `result`'s ratings and games, with nicknames from the
    /// period or, for players who sat it out, from `previous`.
    public init(period: RatingPeriod, result: RatingPeriodResult, previous: LeaderboardSnapshot?) {
        precondition(previous.map { $0.kind == result.kind } ?? true, "previous snapshot of another kind")
        let entries = result.ratings.map { id, rating in
            LeaderboardEntry(
                playerID: id, nickname: result.nicknames[id] ?? previous?.entry(for: id)?.nickname ?? "",
                rating: rating, periodGames: result.periodGames[id] ?? 0)
        }
        self.init(kind: result.kind, period: period, entries: entries)
    }

    init(kind: String, period: RatingPeriod, sorted: [LeaderboardEntry], index: [String: Int32]) {
        precondition(sorted.count <= Int(Int32.max), "too many entries for one snapshot")
        self.kind = kind
        self.period = period
        self.entries = sorted
        self.positionByID = index
        self.periodPositions = sorted.indices.lazy.filter { sorted[$0].periodGames > 0 }.map { Int32($0) }
    }

    /// A player id that appears twice.
    struct DuplicatePlayer: Error {
        let id: String
        let position: Int
    }

    /// The position of each entry by player id, or the first id seen twice.
    static func index(_ entries: [LeaderboardEntry]) -> Result<[String: Int32], DuplicatePlayer> {
        var index: [String: Int32] = [:]
        index.reserveCapacity(entries.count)
        for (position, entry) in entries.enumerated() {
            guard index.updateValue(Int32(position), forKey: entry.playerID) == nil else {
                return .failure(DuplicatePlayer(id: entry.playerID, position: position))
            }
        }
        return .success(index)
    }

    /// Everyone's rating at the end of the period: the next period's `RatingPeriodPlan.previous`.
    public var ratings: [String: Rating] {
        var ratings: [String: Rating] = [:]
        ratings.reserveCapacity(entries.count)
        for entry in entries { ratings[entry.playerID] = entry.rating }
        return ratings
    }

    /// The player's entry, whether or not they played in the period.
    public func entry(for playerID: String) -> LeaderboardEntry? {
        positionByID[playerID].map { entries[Int($0)] }
    }
}

extension LeaderboardSnapshot: Equatable {
    /// Equal kind, period and entries (the indexes follow from the entries).
    public static func == (a: LeaderboardSnapshot, b: LeaderboardSnapshot) -> Bool {
        a.kind == b.kind && a.period == b.period && a.entries == b.entries
    }
}
