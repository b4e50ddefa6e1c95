import Testing
import Leaderboard

@Suite struct LeaderboardSnapshotTests {
    let period = RatingPeriod(slotStart: 1_767_236_400)

    func entry(_ id: String, _ rating: Double, rd: Double = 80, games: Int = 10, periodGames: Int = 0) -> LeaderboardEntry {
        LeaderboardEntry(
            playerID: id, nickname: "nick-\(id)",
            rating: Rating(value: rating, deviation: rd, volatility: 0.06, games: games), periodGames: periodGames)
    }

    /// Ten players; the even-numbered played in the period.
    func sample() -> LeaderboardSnapshot {
        let entries = (0..<10).map { entry("p\($0)", 1500 + Double($0 * 37 % 10) * 10, periodGames: $0 % 2 == 0 ? 3 : 0) }
        return LeaderboardSnapshot(kind: "k", period: period, entries: entries.reversed())
    }

    @Test func tiesBreakByDeviationThenPlayerID() {
        let snapshot = LeaderboardSnapshot(kind: "k", period: period, entries: [
            entry("zed", 1600, rd: 50), entry("amy", 1600, rd: 90), entry("bob", 1600, rd: 50), entry("top", 1700),
        ])
        #expect(snapshot.top(10, in: .allTime).map(\.playerID) == ["top", "bob", "zed", "amy"])
        #expect(snapshot.top(10, in: .allTime).map(\.rank) == [1, 2, 3, 4])
    }

    @Test func topCountsFromTheBest() {
        let snapshot = sample()
        #expect(snapshot.top(3, in: .allTime).map(\.playerID) == ["p7", "p4", "p1"])
        #expect(snapshot.top(3, in: .lastPeriod).map(\.playerID) == ["p4", "p8", "p2"])
        #expect(snapshot.top(3, in: .lastPeriod).map(\.rank) == [1, 2, 3])
        #expect(snapshot.top(100, in: .lastPeriod).count == 5)
        #expect(snapshot.top(0, in: .allTime).isEmpty)
        #expect(snapshot.count(in: .allTime) == 10)
        #expect(snapshot.count(in: .lastPeriod) == 5)
    }

    @Test func standingGivesRankRatingDeviationAndGames() {
        let snapshot = sample()
        let allTime = snapshot.standing(of: "p2", in: .allTime)
        #expect(allTime?.rank == 6)
        #expect(allTime?.rating == 1540)
        #expect(allTime?.deviation == 80)
        #expect(allTime?.games == 10)
        #expect(allTime?.nickname == "nick-p2")
        let lastPeriod = snapshot.standing(of: "p2", in: .lastPeriod)
        #expect(lastPeriod?.rank == 3)
        #expect(lastPeriod?.games == 3)
        #expect(snapshot.standing(of: "p1", in: .lastPeriod) == nil)
        #expect(snapshot.standing(of: "p1", in: .allTime)?.rank == 3)
        #expect(snapshot.standing(of: "nobody", in: .allTime) == nil)
    }

    @Test func aroundStopsAtTheEdgesOfTheBoard() {
        let snapshot = sample()
        // All time: p7 p4 p1 p8 p5 p2 p9 p6 p3 p0
        #expect(snapshot.around("p5", radius: 2, in: .allTime).map(\.playerID) == ["p1", "p8", "p5", "p2", "p9"])
        #expect(snapshot.around("p7", radius: 2, in: .allTime).map(\.rank) == [1, 2, 3])
        #expect(snapshot.around("p0", radius: 1, in: .allTime).map(\.playerID) == ["p3", "p0"])
        #expect(snapshot.around("p0", radius: 0, in: .allTime).map(\.rank) == [10])
        #expect(snapshot.around("p0", radius: .max, in: .allTime).count == 10)
        // Last period: p4 p8 p2 p6 p0
        #expect(snapshot.around("p8", radius: 1, in: .lastPeriod).map(\.playerID) == ["p4", "p8", "p2"])
        #expect(snapshot.around("p2", radius: 1, in: .lastPeriod).map(\.rank) == [2, 3, 4])
        #expect(snapshot.around("p5", radius: 1, in: .lastPeriod).isEmpty)
    }

    @Test func pagesFollowEachOther() {
        let snapshot = sample()
        let pages = stride(from: 1, through: 10, by: 3).flatMap { snapshot.standings(fromRank: $0, count: 3, in: .allTime) }
        #expect(pages == snapshot.top(10, in: .allTime))
        #expect(snapshot.standings(fromRank: 11, count: 3, in: .allTime).isEmpty)
        #expect(snapshot.standings(fromRank: .max, count: .max, in: .allTime).isEmpty)
    }

    @Test func periodResultBecomesBoardsWithNicknamesKept() {
        let previous = LeaderboardSnapshot(kind: "connect-four", period: RatingPeriod(slotStart: 0), entries: [
            LeaderboardEntry(playerID: "idle", nickname: "Sleepy", rating: Rating(value: 1800, deviation: 70, volatility: 0.06, games: 9), periodGames: 2)
        ])
        let plan = RatingPeriodPlan(kind: "connect-four", previous: previous.ratings, games: [connectFour("a", "b", 1)])
        let snapshot = LeaderboardSnapshot(period: period, result: plan.rated(), previous: previous)
        #expect(snapshot.entry(for: "idle")?.nickname == "Sleepy")
        #expect(snapshot.entry(for: "idle")?.periodGames == 0)
        #expect(snapshot.entry(for: "idle")?.rating == Glicko2().idle(previous.entry(for: "idle")!.rating))
        #expect(snapshot.entry(for: "a")?.nickname == "nick-a")
        #expect(snapshot.top(5, in: .lastPeriod).map(\.playerID) == ["a", "b"])
        #expect(snapshot.top(5, in: .allTime).map(\.playerID) == ["idle", "a", "b"])
        #expect(snapshot.ratings == plan.rated().ratings)
    }

    @Test func snapshotRoundTripsThroughItsEncoding() throws {
        let snapshot = sample()
        let decoded = try LeaderboardSnapshot(encoded: snapshot.encoded())
        #expect(decoded == snapshot)
        #expect(decoded.standing(of: "p8", in: .lastPeriod) == snapshot.standing(of: "p8", in: .lastPeriod))
        let empty = LeaderboardSnapshot(kind: "k", period: RatingPeriod(slotStart: -5), entries: [])
        #expect(try LeaderboardSnapshot(encoded: empty.encoded()) == empty)
    }

    @Test func decoderRefusesBoardsOutOfOrderOrRepeated() throws {
        let one = LeaderboardSnapshot(kind: "k", period: period, entries: [entry("a", 1600)]).encoded()
        let entryBytes = Array(one[13...])  // format, version, kind, period (8), count
        #expect(one[12] == 1)
        // The same entry twice: not strictly below the one before.
        let twice = Array(one[..<12]) + [2] + entryBytes + entryBytes
        #expect(throws: LeaderboardDecodingError(field: "entries[1]", offset: 13 + entryBytes.count, problem: "is out of board order (or repeats the entry before)")) {
            try LeaderboardSnapshot(encoded: twice)
        }
        // The same player twice, the second time rated lower.
        let lower = LeaderboardSnapshot(kind: "k", period: period, entries: [entry("a", 1500)]).encoded()
        let repeated = Array(one[..<12]) + [2] + entryBytes + Array(lower[13...])
        #expect(throws: LeaderboardDecodingError(field: "entries[1].playerID", offset: 13 + entryBytes.count, problem: "repeats a player ranked above")) {
            try LeaderboardSnapshot(encoded: repeated)
        }
        // More period games than games.
        var bytes = LeaderboardSnapshot(kind: "k", period: period, entries: [entry("a", 1600, games: 2, periodGames: 2)]).encoded()
        bytes[bytes.count - 1] = 3
        #expect(throws: LeaderboardDecodingError(field: "entries[0].periodGames", offset: bytes.count - 1, problem: "is 3, outside 0...2")) {
            try LeaderboardSnapshot(encoded: bytes)
        }
        #expect(throws: LeaderboardDecodingError(field: "format", offset: 0, problem: "is 3, not 1 (chunkInput)")) {
            try RatingChunkInput(encoded: one)
        }
    }

    @Test func everyTruncatedSnapshotIsRefused() {
        let bytes = sample().encoded()
        for length in 0..<bytes.count {
            #expect(throws: LeaderboardDecodingError.self) { try LeaderboardSnapshot(encoded: Array(bytes[..<length])) }
        }
    }
}
