import Client
import Foundation
import Protocol
import Testing

/// Several real `roost serve` processes on loopback, forming one cluster.
@Suite(.serialized) struct ClusterSystemTests {
    /// Starts `count` nodes n1...nN, all seeded with n1's cluster address, and waits until every
    /// node sees all the others.
    static func startCluster(_ count: Int, secretFile: String = makeSecretFile()) throws -> [NodeProcess] {
        let first = try NodeProcess("n1", seeds: [], secretFile: secretFile)
        var nodes = [first]
        for index in 2...count {
            nodes.append(try NodeProcess("n\(index)", seeds: [first.clusterAddress], secretFile: secretFile))
        }
        let formed = eventually {
            nodes.allSatisfy { node in Set(node.members()) == Set(nodes.map(\.name)).subtracting([node.name]) }
        }
        if !formed {
            for node in nodes { print("\(node.name) sees \(node.members())\n\(node.output)") }
        }
        try #require(formed, "the cluster did not form")
        return nodes
    }

    static func player(_ name: String, on node: NodeProcess, capabilities: [Capability] = [.resume]) throws
        -> BlockingRoostClient
    {
        let client = try BlockingRoostClient(node.url)
        try client.hello(capabilities: capabilities)
        try client.login(name: name)
        return client
    }

    @Test func fiveNodesFormOneCluster() throws {
        let nodes = try Self.startCluster(5)
        defer { nodes.forEach { $0.stop() } }
        for node in nodes { #expect(node.members().count == 4) }
    }

    @Test func aPlayerOnNodeThreePlaysAGameOwnedByNodeOne() throws {
        let nodes = try Self.startCluster(3)
        defer { nodes.forEach { $0.stop() } }
        let watcher = try BlockingRoostClient(nodes[1].url)
        try watcher.hello()
        _ = try watcher.request(.lobbySubscribe(kind: nil))
        let ada = try Self.player("Ada", on: nodes[0])
        let bob = try Self.player("Bob", on: nodes[2], capabilities: [.resume, .redirect])
        let created = try ada.request(.gameCreate(.init(kind: "connect4")))
        guard case .gameJoined(_, let joined) = created.message else {
            Issue.record("no game.joined: \(created.json)")
            return
        }
        #expect(joined.game.hasPrefix("g-n1-"), "placed on the creator's node when all are idle")
        // The lobby of node 2 hears about a game created on node 1.
        let event = try watcher.waitForMessage(timeout: .seconds(10)) { $0.type == "lobby.event" }
        #expect(event.json["id"] == .string(joined.game))
        // Bob, on node 3, joins and plays through his own node.
        let bobJoined = try bob.request(.gameJoin(target: .game(joined.game), role: .player))
        #expect(bobJoined.type == "game.joined")
        let redirect = try bob.waitFor(type: "redirect")
        #expect(redirect.json["url"] == .string(nodes[0].url))
        _ = try ada.waitFor(type: "game.started")
        _ = try bob.waitFor(type: "game.started")
        for (index, column) in [0, 1, 0, 1, 0, 1, 0].enumerated() {
            let mover = index % 2 == 0 ? ada : bob
            let reply = try mover.request(.gameMove(game: joined.game, move: .int(Int64(column))))
            #expect(reply.type == "ok", "\(reply.json)")
        }
        let finished = try bob.waitFor(type: "game.finished", timeout: .seconds(10))
        #expect(finished.json["outcome"]?["winner"] == .int(0))
        #expect(finished.json["result"] == .string(joined.game))
        #expect(bob.seqAnomalies.isEmpty)
        // Presence: every node sees both players, on the nodes they are connected to.
        let adaID = try #require(ada.player?.id), bobID = try #require(bob.player?.id)
        for node in nodes {
            #expect(eventually(timeout: .seconds(10)) {
                let online = node.presence()
                return online[adaID] == "n1" && online[bobID] == "n3"
            }, "presence on \(node.name): \(node.presence())")
        }
    }

    @Test func aKilledNodeIsDetectedAndItsGamesAbortedForEveryone() throws {
        let nodes = try Self.startCluster(3)
        defer { nodes.forEach { $0.stop() } }
        let cy = try Self.player("Cy", on: nodes[2])
        let ada = try Self.player("Ada", on: nodes[0])
        let created = try cy.request(.gameCreate(.init(kind: "connect4")))
        let game = try #require(created.json["game"]?.stringValue)
        #expect(game.hasPrefix("g-n3-"))
        #expect(try ada.request(.gameJoin(target: .game(game), role: .player)).type == "game.joined")
        _ = try ada.waitFor(type: "game.started")
        let killedAt = ContinuousClock.now
        nodes[2].kill9()
        let aborted = try ada.waitFor(type: "game.finished", timeout: .seconds(15))
        let detected = ContinuousClock.now - killedAt
        print("node n3 killed: its game was reported aborted on n1 after \(detected)")
        #expect(aborted.json["outcome"]?["result"] == .string("aborted"))
        #expect(aborted.json["result"] == .null || aborted.json["result"] == nil)
        #expect(eventually { nodes[0].members() == ["n2"] && nodes[1].members() == ["n1"] })
        // The dead node's games leave every lobby.
        let watcher = try BlockingRoostClient(nodes[1].url)
        try watcher.hello()
        let snapshot = try watcher.request(.lobbySubscribe(kind: nil))
        #expect(snapshot.json["games"]?.arrayValue?.contains { $0["id"] == .string(game) } == false)
    }

    /// Found by LoadTests/chaos.py: when both players' sessions died with their game's node,
    /// nobody was left to tell them the game was over. Their next session, on any node, is told.
    @Test func playersWhoseSessionsDiedWithTheirGameAreToldOnTheirNextSession() throws {
        let nodes = try Self.startCluster(3)
        defer { nodes.forEach { $0.stop() } }
        let ada = try Self.player("Ada", on: nodes[2])
        let bob = try Self.player("Bob", on: nodes[2])
        let game = try #require(try ada.request(.gameCreate(.init(kind: "connect4"))).json["game"]?.stringValue)
        #expect(game.hasPrefix("g-n3-"))
        #expect(try bob.request(.gameJoin(target: .game(game), role: .player)).type == "game.joined")
        _ = try ada.waitFor(type: "game.started")
        let adaToken = try #require(ada.token), adaID = try #require(ada.player?.id)
        // Every node knows Ada is on n3 in that game before n3 dies.
        #expect(eventually { nodes[0].presence()[adaID] == "n3" })
        nodes[2].kill9()
        #expect(eventually { nodes[0].members() == ["n2"] })
        let back = try BlockingRoostClient(nodes[0].url)
        let welcome = try back.hello(token: adaToken)
        #expect(welcome.games.isEmpty, "the seat died with the game")
        let finished = try back.waitFor(type: "game.finished")
        #expect(finished.json["game"] == .string(game))
        #expect(finished.json["outcome"]?["result"] == .string("aborted"))
        // Once per node: a later session there hears nothing more about it.
        let again = try BlockingRoostClient(nodes[0].url)
        _ = try again.hello(token: adaToken)
        #expect(throws: (any Error).self) { try again.waitFor(type: "game.finished", timeout: .seconds(1)) }
    }

    @Test func aRestartedNodeRejoinsWithoutGhosts() throws {
        let secret = makeSecretFile()
        var nodes = try Self.startCluster(3, secretFile: secret)
        defer { nodes.forEach { $0.stop() } }
        let cy = try Self.player("Cy", on: nodes[2])
        let cyID = try #require(cy.player?.id)
        #expect(eventually { nodes[0].presence()[cyID] == "n3" })
        let clusterPort = Int(nodes[2].clusterAddress.split(separator: ":").last!)!
        nodes[2].kill9()
        #expect(eventually { nodes[0].members() == ["n2"] })
        #expect(eventually { nodes[0].presence()[cyID] == nil }, "the dead node's players are gone")
        nodes[2] = try NodeProcess("n3", seeds: [nodes[0].clusterAddress], secretFile: secret, clusterPort: clusterPort)
        #expect(eventually { nodes.allSatisfy { $0.members().count == 2 } })
        #expect(nodes[0].presence()[cyID] == nil)
    }

    @Test func aNodeWithAnotherSecretIsKeptOut() throws {
        let nodes = try Self.startCluster(2)
        defer { nodes.forEach { $0.stop() } }
        let intruder = try NodeProcess("n9", seeds: [nodes[0].clusterAddress], secretFile: makeSecretFile())
        defer { intruder.stop() }
        usleep(3_000_000)
        #expect(nodes[0].members() == ["n2"])
        #expect(nodes[1].members() == ["n1"])
        #expect(intruder.members().isEmpty)
    }
}
