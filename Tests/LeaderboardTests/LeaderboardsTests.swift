import Testing
import Leaderboard

@Suite struct LeaderboardsTests {
    func snapshot(_ kind: String, _ slot: Int64, leader: String = "a") -> LeaderboardSnapshot {
        LeaderboardSnapshot(kind: kind, period: RatingPeriod(slotStart: slot), entries: [
            LeaderboardEntry(playerID: leader, nickname: leader, rating: Rating(value: 1700, deviation: 60, volatility: 0.06, games: 5), periodGames: 1),
            LeaderboardEntry(playerID: "z", nickname: "z", rating: Rating(value: 1400, deviation: 60, volatility: 0.06, games: 5), periodGames: 0),
        ])
    }

    @Test func newestPeriodIsTheLatestWhateverTheArrivalOrder() {
        var boards = Leaderboards(archivedPerKind: 2)
        #expect(boards.publish(snapshot("k", 200)) == .latest)
        #expect(boards.publish(snapshot("k", 100)) == .archived)
        #expect(boards.publish(snapshot("k", 300)) == .latest)
        #expect(boards.publish(snapshot("k", 200, leader: "b")) == .alreadyHeld)
        #expect(boards.latest("k")?.period == RatingPeriod(slotStart: 300))
        #expect(boards.periods("k").map(\.slotStart) == [300, 200, 100])
        #expect(boards.snapshot("k", period: RatingPeriod(slotStart: 200))?.entries.first?.playerID == "a")
    }

    @Test func archiveKeepsOnlyTheNewestPeriods() {
        var boards = Leaderboards(archivedPerKind: 1)
        boards.publish(snapshot("k", 100))
        boards.publish(snapshot("k", 200))
        #expect(boards.publish(snapshot("k", 50)) == .tooOld)
        #expect(boards.publish(snapshot("k", 300)) == .latest)
        #expect(boards.periods("k").map(\.slotStart) == [300, 200])
    }

    @Test func kindsAreKeptApart() {
        var boards = Leaderboards()
        boards.publish(snapshot("cycles", 100, leader: "c"))
        boards.publish(snapshot("connect-four", 100))
        #expect(boards.kinds == ["connect-four", "cycles"])
        #expect(boards.top(1, kind: "cycles", in: .allTime).map(\.playerID) == ["c"])
        #expect(boards.top(1, kind: "chess", in: .allTime).isEmpty)
    }

    @Test func queriesReadTheLatestOrTheAskedPeriod() {
        var boards = Leaderboards()
        boards.publish(snapshot("k", 100, leader: "old"))
        boards.publish(snapshot("k", 200, leader: "new"))
        #expect(boards.standing(of: "new", kind: "k", in: .lastPeriod)?.rank == 1)
        #expect(boards.standing(of: "old", kind: "k", in: .allTime) == nil)
        #expect(boards.standing(of: "old", kind: "k", in: .allTime, period: RatingPeriod(slotStart: 100))?.rank == 1)
        #expect(boards.around("z", radius: 1, kind: "k", in: .allTime).map(\.playerID) == ["new", "z"])
        #expect(boards.around("z", radius: 1, kind: "k", in: .lastPeriod).isEmpty)
        #expect(boards.top(5, kind: "k", in: .lastPeriod, period: RatingPeriod(slotStart: 999)).isEmpty)
    }
}
