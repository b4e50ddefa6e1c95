import Client
import Foundation
import Protocol
import Testing

/// Finished games' results reach every node's SQLite, and survive the node that hosted them.
@Suite(.serialized) struct ResultReplicationTests {
    /// Plays a quick Connect Four win for Ada in a game hosted on Ada's node; returns its id.
    static func playQuickGame(ada: BlockingRoostClient, bob: BlockingRoostClient) throws -> String {
        let created = try ada.request(.gameCreate(.init(kind: "connect4")))
        let game = try #require(created.json["game"]?.stringValue)
        _ = try bob.request(.gameJoin(target: .game(game), role: .player))
        _ = try ada.waitFor(type: "game.started")
        for (index, column) in [0, 1, 0, 1, 0, 1, 0].enumerated() {
            _ = try (index % 2 == 0 ? ada : bob).request(.gameMove(game: game, move: .int(Int64(column))))
        }
        let finished = try ada.waitFor(type: "game.finished", timeout: .seconds(10))
        #expect(finished.json["result"] == .string(game))
        return game
    }

    @Test func aResultOutlivesTheNodeThatHostedIt() throws {
        let nodes = try ClusterSystemTests.startCluster(3)
        defer { nodes.forEach { $0.stop() } }
        let ada = try ClusterSystemTests.player("Ada", on: nodes[2])
        let bob = try ClusterSystemTests.player("Bob", on: nodes[1])
        let game = try Self.playQuickGame(ada: ada, bob: bob)
        #expect(game.hasPrefix("g-n3-"))
        // Killed right after telling its players: the result was pushed as it was committed.
        nodes[2].kill9()
        for node in nodes[..<2] {
            #expect(eventually(timeout: .seconds(10)) { node.get("/api/results/\(game)")?.contains("\"winners\":[0]") == true },
                "\(node.name) has no copy of \(game)")
        }
    }

    @Test func aNodeThatWasDownCatchesUpOnResults() throws {
        let secret = makeSecretFile()
        var nodes = try ClusterSystemTests.startCluster(3, secretFile: secret)
        defer { nodes.forEach { $0.stop() } }
        let clusterPort = Int(nodes[2].clusterAddress.split(separator: ":").last!)!
        let dataDirectory = nodes[2].dataDirectory
        nodes[2].stop()
        #expect(eventually { nodes[0].members() == ["n2"] })
        let ada = try ClusterSystemTests.player("Ada", on: nodes[0])
        let bob = try ClusterSystemTests.player("Bob", on: nodes[1])
        let games = try (0..<3).map { _ in try Self.playQuickGame(ada: ada, bob: bob) }
        // Back with its old data: it pulls what it missed (anti-entropy on link-up).
        nodes[2] = try NodeProcess(
            "n3", seeds: [nodes[0].clusterAddress], secretFile: secret, clusterPort: clusterPort,
            dataDirectory: dataDirectory)
        for game in games {
            #expect(eventually(timeout: .seconds(15)) { nodes[2].get("/api/results/\(game)") != nil }, "n3 missed \(game)")
        }
    }
}
