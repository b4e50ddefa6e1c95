import Protocol
import RoostBotsKit
import Testing

/// Counts from several loops add up, and the report says what --expect-clean checks.
struct RunReportTests {
    private func report(_ statistics: RunStatistics, unfinished: Int = 0) -> RunReport {
        RunReport(
            scenario: "steady", bots: 10, urls: ["ws://127.0.0.1:1/ws"], elapsedSeconds: 12, playSeconds: 10,
            connectionsAtEnd: 10, peakConnections: 10, unfinishedGames: unfinished, statistics: statistics, games: [])
    }

    @Test func statisticsOfTwoLoopsAddUp() {
        var a = RunStatistics()
        a.recordAcknowledgedMove(roundTripMicroseconds: 1_000, forwarded: false)
        a.recordFinished(kind: "connect4", result: "win", reason: "four_in_a_row")
        a.record(error: .notYourTurn)
        var b = RunStatistics()
        b.recordAcknowledgedMove(roundTripMicroseconds: 9_000, forwarded: true)
        b.recordFinished(kind: "connect4", result: "win", reason: "four_in_a_row")
        b.recordFinished(kind: "cycles", result: "draw", reason: "all_crashed")
        b.record(error: .badField)
        b.recordClose(code: nil)
        a.add(b)
        #expect(a.movesAcknowledged == 2 && a.movesLocal == 1 && a.movesForwarded == 1)
        #expect(a.moveRoundTrip.totalCount == 2)
        #expect(a.forwardedRoundTrip.totalCount == 1 && a.localRoundTrip.totalCount == 1)
        #expect(a.gamesFinished == ["connect4": ["win:four_in_a_row": 2], "cycles": ["draw:all_crashed": 1]])
        #expect(a.totalGamesFinished == 3)
        #expect(a.errors == ["not_your_turn": 1, "bad_field": 1])
        #expect(a.protocolErrors == 1)
        #expect(a.closes == ["1006": 1])
    }

    @Test func aRunWithOnlyRaceErrorsAndEveryGameFinishedIsClean() {
        var statistics = RunStatistics()
        statistics.record(error: .gameOver)
        statistics.record(error: .unavailable)
        #expect(report(statistics).cleanlinessProblems.isEmpty)
        #expect(report(statistics).json["clean"] == .bool(true))
    }

    @Test func protocolErrorsAndUnfinishedGamesMakeARunUnclean() {
        var statistics = RunStatistics()
        statistics.record(error: .rateLimited)
        let problems = report(statistics, unfinished: 2).cleanlinessProblems
        #expect(problems.count == 2)
        #expect(problems.first?.contains("rate_limited 1") == true)
        #expect(report(statistics, unfinished: 2).json["clean"] == .bool(false))
    }

    @Test func jsonReportCarriesPercentilesInMilliseconds() {
        var statistics = RunStatistics()
        for micros in [1_000, 2_000, 3_000, 100_000] as [UInt64] {
            statistics.recordAcknowledgedMove(roundTripMicroseconds: micros, forwarded: false)
        }
        let roundTrip = report(statistics).json["moves"]?["roundTrip"]
        #expect(roundTrip?["count"] == .int(4))
        let p50 = roundTrip?["p50Ms"]?.doubleValue ?? 0
        #expect(p50 >= 1.99 && p50 <= 2.01)
        let p99 = roundTrip?["p99Ms"]?.doubleValue ?? 0
        #expect(p99 >= 99 && p99 <= 101)
        #expect(report(statistics).json["moves"]?["perSecond"] == .double(0.4))
    }

    @Test func gameOwnerComesFromTheGameID() {
        #expect(GameOwner.node(ofGame: "g-n1-2a") == "n1")
        #expect(GameOwner.node(ofGame: "g-n2-0-y0k0-n2x1") == "n2")
        #expect(GameOwner.node(ofGame: "x-n1-2") == nil)
        #expect(GameOwner.node(ofGame: "g-5") == nil)
    }
}
