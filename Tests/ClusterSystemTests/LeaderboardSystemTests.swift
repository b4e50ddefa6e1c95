import Client
import Foundation
import Protocol
import Testing

/// The nightly leaderboards end to end on real `roost serve` processes: games played, their
/// results replicated, the cluster singleton rating them, every node answering `leaderboard.get`.
@Suite(.serialized) struct LeaderboardSystemTests {
    /// The board `kind` as `node` answers it to a guest.
    static func board(_ kind: String, on node: NodeProcess, board: LeaderboardQuery.Board = .allTime) -> LeaderboardReply? {
        guard let guest = try? BlockingRoostClient(node.url) else { return nil }
        defer { guest.close() }
        guard (try? guest.hello()) != nil, let reply = try? guest.request(.leaderboardGet(.init(kind: kind, board: board))),
            case .leaderboard(_, let answer) = reply.message
        else { return nil }
        return answer
    }

    /// Kill -9 the owner of a game right after its players heard the result: the result was
    /// replicated before they heard it, so it still reaches the next night's board, on every node.
    @Test func aResultReachesTheNextBoardThoughItsOwnerWasKilled() throws {
        let flags = ScheduledJobSystemTests.jobFlags(
            anchor: ScheduledJobSystemTests.nowMilliseconds(), origin: ScheduledJobSystemTests.juneFirst, rate: 43_200,
            runDelayMilliseconds: 0)
        let nodes = try ScheduledJobSystemTests.startJobCluster(flags: flags)
        defer { nodes.forEach { $0.stop() } }
        let ada = try ClusterSystemTests.player("Ada", on: nodes[2])
        let bob = try ClusterSystemTests.player("Bob", on: nodes[1])
        let game = try #require(try ada.request(.gameCreate(.init(kind: "connect4"))).json["game"]?.stringValue)
        #expect(game.hasPrefix("g-n3-"))
        #expect(try bob.request(.gameJoin(target: .game(game), role: .player)).type == "game.joined")
        _ = try ada.waitFor(type: "game.started")
        for (index, column) in [0, 1, 0, 1, 0, 1, 0].enumerated() {
            #expect(try (index % 2 == 0 ? ada : bob).request(.gameMove(game: game, move: .int(Int64(column)))).type == "ok")
        }
        let finished = try bob.waitFor(type: "game.finished", timeout: .seconds(10))
        #expect(finished.json["result"] == .string(game))
        nodes[2].kill9()

        // Within a few simulated nights, both survivors rank Ada above Bob on the all-time board.
        let adaID = try #require(ada.player?.id), bobID = try #require(bob.player?.id)
        for node in nodes[..<2] {
            var last: LeaderboardReply?
            let ranked = eventually(timeout: .seconds(60)) {
                last = Self.board("connect4", on: node)
                return last?.top.map(\.id) == [adaID, bobID]
            }
            #expect(ranked, "\(node.name) answers \(String(describing: last))\n\(node.output)")
            guard let board = last, ranked else { continue }
            // One win between two new players: Glicko-2 moves both by the same amount, Ada up.
            let (first, second) = (board.top[0], board.top[1])
            #expect(first.rating > 1500 && second.rating < 1500)
            #expect(abs((first.rating - 1500) - (1500 - second.rating)) < 0.02)
            #expect(first.games == 1 && second.games == 1 && board.players == 2)
            #expect(board.schedule.cron == "0 3 * * *" && board.schedule.next > board.schedule.previous)
            #expect(board.period.map { $0 % 86_400 == 3 * 3_600 } == true, "a slot at 03:00 UTC: \(String(describing: board.period))")
        }
        // Both survivors publish the same boards: the same ratings, to the last digit sent.
        let boards = nodes[..<2].compactMap { Self.board("connect4", on: $0) }
        #expect(boards.count == 2 && boards[0].top == boards[1].top)
    }
}
