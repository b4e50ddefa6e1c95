import Client
import Foundation
import Protocol
import Testing

/// Deploys without losing games: SIGTERM makes a node hand its games to the others before it
/// exits (`GameServer.drain`), and the players go on.
@Suite(.serialized) struct GracefulHandoffTests {
    /// The moves of a Connect Four snapshot, in order.
    static func moves(_ snapshot: JSONValue?) -> [Int64] {
        snapshot?["moves"]?.arrayValue?.compactMap(\.intValue) ?? []
    }

    @Test func aDrainingNodeHandsItsGamesOverAndTheyPlayOn() throws {
        let nodes = try ClusterSystemTests.startCluster(3)
        defer { nodes.forEach { $0.stop() } }
        // Ada (on n1) hosts a game on n1 that Bob (on n2) joins; Cy (on n1) opens one nobody joined yet.
        let ada = try ClusterSystemTests.player("Ada", on: nodes[0])
        let bob = try ClusterSystemTests.player("Bob", on: nodes[1])
        let cy = try ClusterSystemTests.player("Cy", on: nodes[0])
        let game = try #require(try ada.request(.gameCreate(.init(kind: "connect4"))).json["game"]?.stringValue)
        #expect(game.hasPrefix("g-n1-"))
        #expect(try bob.request(.gameJoin(target: .game(game), role: .player)).type == "game.joined")
        _ = try ada.waitFor(type: "game.started")
        let waiting = try #require(try cy.request(.gameCreate(.init(kind: "connect4"))).json["game"]?.stringValue)
        // Three moves, each acknowledged.
        for (index, column) in [3, 3, 4].enumerated() {  // Ada plays 3, 4, then 5 and 6 after the deploy
            let mover = index % 2 == 0 ? ada : bob
            #expect(try mover.request(.gameMove(game: game, move: .int(Int64(column)))).type == "ok")
        }
        let adaToken = try #require(ada.token), cyToken = try #require(cy.token)

        // The deploy: n1 gets SIGTERM.
        nodes[0].stop()
        #expect(
            nodes[0].output.contains("drained: 2 games handed over, 0 ended, 0 unanswered"),
            "n1:\n\(nodes[0].output)\nn2:\n\(nodes[1].output)\nn3:\n\(nodes[2].output)")
        // Ada's and Cy's connections were closed with 1012 (reconnect and resume elsewhere).
        #expect(eventually { ada.closeInfo?.code == 1012 && cy.closeInfo?.code == 1012 })
        // Bob, on n2, never heard the game end.
        #expect(!bob.drain().contains { if case .message(let message) = $0 { message.type == "game.finished" } else { false } })

        // Ada comes back through n3: her session was on n1, so she gets a new one, which lists the
        // seat she holds; she takes it back and finds the three acknowledged moves.
        let back = try BlockingRoostClient(nodes[2].url)
        let welcome = try back.hello(token: adaToken)
        #expect(welcome.games == [game])
        let rejoined = try back.request(.gameJoin(target: .game(game), role: .player))
        #expect(rejoined.type == "game.joined")
        #expect(Self.moves(rejoined.json["snapshot"]) == [3, 3, 4], "\(rejoined.json)")
        // The game is listed at its new owner by every node that is left.
        for node in nodes[1...] {
            #expect(eventually {
                (node.get("/api/cluster") ?? "").isEmpty == false && node.members().count == 1
            })
        }
        // They play on to the end, through whichever node hosts it now.
        for (index, column) in [4, 5, 5, 6].enumerated() {
            let mover = index % 2 == 0 ? bob : back
            let reply = try mover.request(.gameMove(game: game, move: .int(Int64(column))))
            #expect(reply.type == "ok", "\(reply.json)")
        }
        let finished = try bob.waitFor(type: "game.finished", timeout: .seconds(10))
        #expect(finished.json["outcome"]?["winner"] == .int(0), "\(finished.json)")
        #expect(finished.json["result"] == .string(game))
        let result = try #require(nodes[1].get("/api/results/\(game)"))
        #expect(result.contains("\"moves\":7"), "\(result)")

        // Cy's waiting game moved too: she takes her seat back through n2 and Dee joins it.
        let cyBack = try BlockingRoostClient(nodes[1].url)
        #expect(try cyBack.hello(token: cyToken).games == [waiting])
        #expect(try cyBack.request(.gameJoin(target: .game(waiting), role: .player)).type == "game.joined")
        let dee = try ClusterSystemTests.player("Dee", on: nodes[2])
        #expect(try dee.request(.gameJoin(target: .game(waiting), role: .player)).type == "game.joined")
        _ = try cyBack.waitFor(type: "game.started")
    }

    @Test func aRunningCyclesRoundGoesOnAtItsNewOwner() throws {
        let nodes = try ClusterSystemTests.startCluster(3)
        defer { nodes.forEach { $0.stop() } }
        let ada = try ClusterSystemTests.player("Ada", on: nodes[0])
        let bob = try ClusterSystemTests.player("Bob", on: nodes[1])
        // A big arena: riding straight, the cycles need seconds to reach a wall.
        let options: JSONValue = ["width": 96, "height": 96, "countdownMilliseconds": 0]
        let game = try #require(
            try ada.request(.gameCreate(.init(kind: "cycles", seats: 2, options: options))).json["game"]?.stringValue)
        #expect(game.hasPrefix("g-n1-"))
        #expect(try bob.request(.gameJoin(target: .game(game), role: .player)).type == "game.joined")
        _ = try bob.waitFor(type: "game.started")
        _ = try bob.waitFor(type: "game.update")
        nodes[0].stop()
        #expect(nodes[0].output.contains("drained: 1 games handed over"), "\(nodes[0].output)")
        // Bob's updates go on from the new owner until the round ends with a stored result.
        _ = bob.drain()
        _ = try bob.waitFor(type: "game.update", timeout: .seconds(5))
        let finished = try bob.waitFor(type: "game.finished", timeout: .seconds(30))
        #expect(finished.json["result"] == .string(game), "\(finished.json)")
        #expect(eventually { nodes[1].get("/api/results/\(game)")?.contains("\"kind\":\"cycles\"") == true })
    }
}
