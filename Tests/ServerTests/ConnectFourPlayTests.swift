import Client
import Protocol
import Testing

@Suite(.serialized) struct ConnectFourPlayTests {
    @Test func twoPlayersPlayAFullGameToACommittedResult() throws {
        try withNode { node in
            let ada = try node.player("Ada")
            let bob = try node.player("Bob")
            let created = try ada.expectReply(.gameCreate(.init(kind: "connect4")), "game.joined")
            let game = BlockingRoostClient.gameID(created)
            try bob.expectReply(.gameJoin(target: .game(game), role: .player), "game.joined")
            _ = try ada.waitFor(type: "game.started")
            _ = try bob.waitFor(type: "game.started")
            // Ada stacks column 0, Bob column 1: Ada wins with her fourth disc.
            for (index, column) in [0, 1, 0, 1, 0, 1, 0].enumerated() {
                let mover = index % 2 == 0 ? ada : bob
                try mover.expectReply(.gameMove(game: game, move: .int(Int64(column))), "ok")
            }
            let (adaUpdates, adaFinished) = try ada.playUntilFinished(game)
            let (bobUpdates, bobFinished) = try bob.playUntilFinished(game)
            #expect(adaUpdates == bobUpdates)
            #expect(adaUpdates.filter { $0["k"] == .string("placed") }.count == 7)
            guard case .gameFinished(_, let outcome, let resultID) = adaFinished.message else {
                Issue.record("no game.finished")
                return
            }
            #expect(outcome["winner"] == .int(0))
            #expect(outcome["reason"] == .string("four_in_a_row"))
            #expect(adaFinished.json == bobFinished.json.replacing("seq", with: adaFinished.json["seq"]!))
            // The result was durable before anyone heard the outcome.
            let stored = try node.server.results.result(gameID: game)
            #expect(resultID == game)
            #expect(stored?.winners == [0])
            #expect(stored?.moves == 7)
            #expect(stored?.players.map(\.nickname) == ["Ada", "Bob"])
            #expect(ada.seqAnomalies.isEmpty && bob.seqAnomalies.isEmpty)
        }
    }

    @Test func spectatorSeesTheSameGameAndCannotMove() throws {
        try withNode { node in
            let ada = try node.player("Ada")
            let bob = try node.player("Bob")
            let cy = try node.player("Cy")
            let game = BlockingRoostClient.gameID(try ada.expectReply(.gameCreate(.init(kind: "connect4")), "game.joined"))
            let watching = try cy.expectReply(.gameJoin(target: .game(game), role: .spectator), "game.joined")
            #expect(watching.json["as"] == .string("spectator"))
            #expect(watching.json["seat"] == nil)
            try bob.expectReply(.gameJoin(target: .game(game), role: .player), "game.joined")
            _ = try cy.waitFor(type: "game.started")
            try cy.expectError(.gameMove(game: game, move: .int(3)), .notAPlayer)
            for (index, column) in [3, 3, 4, 4, 5, 5, 6].enumerated() {
                try (index % 2 == 0 ? ada : bob).expectReply(.gameMove(game: game, move: .int(Int64(column))), "ok")
            }
            let (adaUpdates, _) = try ada.playUntilFinished(game)
            let (cyUpdates, cyFinished) = try cy.playUntilFinished(game)
            #expect(cyUpdates == adaUpdates)
            guard case .gameFinished(_, let outcome, _) = cyFinished.message else { return }
            #expect(outcome["winner"] == .int(0))
        }
    }

    @Test func illegalAndOutOfTurnMovesAreRefusedAndChangeNothing() throws {
        try withNode { node in
            let ada = try node.player("Ada")
            let bob = try node.player("Bob")
            let game = BlockingRoostClient.gameID(try ada.expectReply(.gameCreate(.init(kind: "connect4")), "game.joined"))
            try ada.expectError(.gameMove(game: game, move: .int(3)), .notYourTurn)  // not started yet
            try bob.expectReply(.gameJoin(target: .game(game), role: .player), "game.joined")
            try bob.expectError(.gameMove(game: game, move: .int(3)), .notYourTurn)
            try ada.expectError(.gameMove(game: game, move: .int(7)), .illegalMove)
            try ada.expectError(.gameMove(game: game, move: .string("left")), .malformedMove)
            try ada.expectError(.gameMove(game: game, move: .double(3.5)), .malformedMove)
            try ada.expectError(.gameMove(game: "g-n1-0-zzzz-9", move: .int(1)), .unknownGame)
            for _ in 0..<3 {
                try ada.expectReply(.gameMove(game: game, move: .int(2)), "ok")
                try bob.expectReply(.gameMove(game: game, move: .int(2)), "ok")
            }
            try ada.expectError(.gameMove(game: game, move: .int(2)), .illegalMove)  // column full
            try ada.expectReply(.gameMove(game: game, move: .int(0)), "ok")
        }
    }

    @Test func leavingARunningGameForfeitsIt() throws {
        try withNode { node in
            let ada = try node.player("Ada")
            let bob = try node.player("Bob")
            let game = BlockingRoostClient.gameID(try ada.expectReply(.gameCreate(.init(kind: "connect4")), "game.joined"))
            try bob.expectReply(.gameJoin(target: .game(game), role: .player), "game.joined")
            try ada.expectReply(.gameLeave(game: game), "ok")
            let (_, finished) = try bob.playUntilFinished(game)
            guard case .gameFinished(_, let outcome, let result) = finished.message else { return }
            #expect(outcome["winner"] == .int(1))
            #expect(outcome["reason"] == .string("forfeit"))
            #expect(result != nil)
            try ada.expectError(.gameMove(game: game, move: .int(0)), .notInGame)
        }
    }
}

extension JSONValue {
    /// This object with member `key` set to `value` (for comparing messages that differ in seq).
    func replacing(_ key: String, with value: JSONValue) -> JSONValue {
        guard case .object(var object) = self else { return self }
        object[key] = value
        return .object(object)
    }
}
