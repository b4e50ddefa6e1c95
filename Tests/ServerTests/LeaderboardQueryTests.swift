import Client
import Leaderboard
import Protocol
import Testing

@testable import Server

/// `leaderboard.get` answered from the boards a node holds. (The nightly job that publishes them
/// on every node is tested on real clusters in ClusterSystemTests.)
@Suite(.serialized) struct LeaderboardQueryTests {
    static let slot: Int64 = 1_795_921_200  // 2026-11-29 03:00 UTC

    /// One period of Connect Four: Ada beats everyone, Bob beats Cy and Dee, Cy beats Dee.
    static func snapshot() -> LeaderboardSnapshot {
        let names = ["Ada", "Bob", "Cy", "Dee"]
        var games: [RatedGame] = []
        for winner in 0..<names.count {
            for loser in (winner + 1)..<names.count {
                let players = [winner, loser].enumerated().map { seat, index in
                    RatedGame.Player(seat: seat, playerID: "p-\(names[index].lowercased())", nickname: names[index])
                }
                games.append(RatedGame(kind: "connect4", players: players, winners: [0]))
            }
        }
        let result = RatingPeriodPlan(kind: "connect4", previous: [:], games: games).rated()
        return LeaderboardSnapshot(period: RatingPeriod(slotStart: slot), result: result, previous: nil)
    }

    @Test func topAroundAndScheduleComeFromThePublishedBoards() throws {
        try withNode { node in
            let guest = try node.guest()
            // Nothing rated yet: an empty board, and when the next rating is due.
            let empty = try guest.expectReply(.leaderboardGet(.init(kind: "connect4")), "leaderboard")
            guard case .leaderboard(_, let before) = empty.message else { return }
            #expect(before.period == nil && before.players == 0 && before.top.isEmpty && before.periods.isEmpty)
            #expect(before.schedule.cron == "0 3 * * *")
            #expect(before.schedule.next > before.schedule.previous && before.schedule.next - before.schedule.previous == 86_400)
            #expect(before.schedule.next % 86_400 == 3 * 3600)

            node.server.context.leaderboards.publish([Self.snapshot()], slot: Self.slot)
            let reply = try guest.expectReply(
                .leaderboardGet(.init(kind: "connect4", top: 2, around: "p-cy", radius: 1)), "leaderboard")
            guard case .leaderboard(_, let board) = reply.message else { return }
            #expect(board.period == Self.slot && board.periods == [Self.slot] && board.players == 4)
            #expect(board.top.map(\.name) == ["Ada", "Bob"])
            #expect(board.top.map(\.rank) == [1, 2])
            #expect(board.top[0].rating > board.top[1].rating && board.top[0].games == 3)
            #expect(board.around.map(\.name) == ["Bob", "Cy", "Dee"])
            #expect(board.around.map(\.rank) == [2, 3, 4])
            // The same numbers the rating code computes, to two decimals.
            let ada = try #require(Self.snapshot().entry(for: "p-ada"))
            #expect(abs(board.top[0].rating - ada.rating.value) < 0.006)
            #expect(abs(board.top[0].deviation - ada.rating.deviation) < 0.006)

            let period = try guest.expectReply(.leaderboardGet(.init(kind: "connect4", board: .period, period: Self.slot)), "leaderboard")
            guard case .leaderboard(_, let periodBoard) = period.message else { return }
            #expect(periodBoard.board == .period && periodBoard.top.count == 4)
            // Someone not on the board has no neighbourhood.
            let nobody = try guest.expectReply(.leaderboardGet(.init(kind: "connect4", around: "p-nobody")), "leaderboard")
            guard case .leaderboard(_, let nobodyBoard) = nobody.message else { return }
            #expect(nobodyBoard.around.isEmpty && nobodyBoard.top.count == 4)
            // Another kind has no board yet.
            let cycles = try guest.expectReply(.leaderboardGet(.init(kind: "cycles")), "leaderboard")
            guard case .leaderboard(_, let cyclesBoard) = cycles.message else { return }
            #expect(cyclesBoard.period == nil && cyclesBoard.top.isEmpty)
        }
    }

    @Test func unknownKindsAndPeriodsAreRefused() throws {
        try withNode { node in
            let guest = try node.guest()
            try guest.expectError(.leaderboardGet(.init(kind: "chess")), .unknownKind)
            try guest.expectError(.leaderboardGet(.init(kind: "connect4", period: Self.slot - 86_400)), .badField)
            // The session goes on.
            try guest.expectReply(.leaderboardGet(.init(kind: "connect4")), "leaderboard")
        }
    }
}
