import Client
import Protocol
import Testing

@Suite(.serialized) struct CyclesPlayTests {
    /// A small grid with no countdown: two cycles ride into walls or each other within a second.
    static let quickRound: JSONValue = ["width": 16, "height": 16, "countdownMilliseconds": 0]

    @Test func twoPlayersRideAFullRoundToACommittedResult() throws {
        try withNode { node in
            let ada = try node.player("Ada")
            let bob = try node.player("Bob")
            let cy = try node.player("Cy")
            let game = BlockingRoostClient.gameID(
                try ada.expectReply(.gameCreate(.init(kind: "cycles", seats: 2, options: Self.quickRound)), "game.joined"))
            try cy.expectReply(.gameJoin(target: .game(game), role: .spectator), "game.joined")
            try bob.expectReply(.gameJoin(target: .game(game), role: .player), "game.joined")
            let started = try ada.waitFor(type: "game.started")
            guard case .gameStarted(_, let players, let snapshot) = started.message else { return }
            #expect(players.count == 2)
            #expect(snapshot["cycles"]?.arrayValue?.count == 2)
            // Steer once each; the move is accepted before the tick that applies it.
            let turn = try ada.request(.gameMove(game: game, move: "left"))
            #expect(turn.type == "ok" || turn.error?.code == .eliminated || turn.error?.code == .gameOver)
            let (adaUpdates, adaFinished) = try ada.playUntilFinished(game)
            let (bobUpdates, _) = try bob.playUntilFinished(game)
            let (cyUpdates, _) = try cy.playUntilFinished(game)
            #expect(adaUpdates == bobUpdates)
            #expect(cyUpdates == adaUpdates)
            let ticks = adaUpdates.filter { $0["k"] == .string("tick") }
            #expect(!ticks.isEmpty)
            // Ticks are numbered one by one from the start.
            #expect(ticks.compactMap { $0["n"]?.intValue } == Array(1...Int64(ticks.count)))
            guard case .gameFinished(_, let outcome, let resultID) = adaFinished.message else { return }
            #expect(resultID == game)
            let stored = try node.server.results.result(gameID: game)
            #expect(stored?.kind == "cycles")
            #expect(stored?.players.count == 2)
            #expect((outcome["result"] == .string("draw")) == (stored?.winners.isEmpty == true))
        }
    }

    @Test func badTurnsAreRefusedWithTheGamesOwnCodes() throws {
        try withNode { node in
            let ada = try node.player("Ada")
            let bob = try node.player("Bob")
            let options: JSONValue = ["width": 64, "height": 64, "countdownMilliseconds": 2000]
            let game = BlockingRoostClient.gameID(
                try ada.expectReply(.gameCreate(.init(kind: "cycles", options: options)), "game.joined"))
            try bob.expectReply(.gameJoin(target: .game(game), role: .player), "game.joined")
            _ = try ada.waitFor(type: "game.started")
            try ada.expectError(.gameMove(game: game, move: "sideways"), .malformedMove)
            try ada.expectError(.gameMove(game: game, move: 3), .malformedMove)
            try ada.expectReply(.gameMove(game: game, move: "left"), "ok")
            try ada.expectReply(.gameMove(game: game, move: "left"), "ok")
            try ada.expectError(.gameMove(game: game, move: "left"), .tooManyPendingMoves)
        }
    }

    @Test func invalidOptionsAndSeatCountsAreRefusedAtCreation() throws {
        try withNode { node in
            let ada = try node.player("Ada")
            try ada.expectError(.gameCreate(.init(kind: "cycles", seats: 9)), .badSeatCount)
            try ada.expectError(.gameCreate(.init(kind: "connect4", seats: 3)), .badSeatCount)
            try ada.expectError(.gameCreate(.init(kind: "cycles", options: ["width": 5])), .invalidOptions)
            try ada.expectError(.gameCreate(.init(kind: "cycles", options: ["colour": "red"])), .invalidOptions)
            try ada.expectError(.gameCreate(.init(kind: "chess")), .unknownKind)
        }
    }
}
