import Client
import Foundation
import Glibc
import Protocol
import Testing

/// `roost serve --drain-seconds`: SIGTERM makes a real node unready and closed to new games while
/// its running games go on; it exits by itself once it hosts no game.
@Suite(.serialized) struct DrainTests {
    @Test func aDrainingNodeKeepsItsGamesAndExitsWhenTheLastOneEnds() throws {
        let node = try NodeProcess("n1", seeds: [], secretFile: makeSecretFile(), extra: ["--drain-seconds", "600"])
        defer { node.stop() }
        #expect(eventually { node.get("/readyz")?.contains(#""ready":true"#) == true })
        let ada = try BlockingRoostClient(node.url)
        try ada.hello()
        try ada.login(name: "Ada")
        let created = try ada.request(.gameCreate(.init(kind: "connect4")))
        guard case .gameJoined(_, let joined) = created.message else {
            Issue.record("no game.joined: \(created.json)")
            return
        }

        kill(node.process.processIdentifier, SIGTERM)
        #expect(eventually { node.get("/readyz")?.contains(#""reasons":["draining"]"#) == true }, "\(node.output)")
        let refused = try ada.request(.gameCreate(.init(kind: "connect4")))
        #expect(refused.error?.code == .shuttingDown)
        #expect(node.process.isRunning, "the node waits for its game")
        #expect(node.output.contains("draining for up to 600 s"))

        // The last game ends (its only player leaves): the node stops draining and exits.
        _ = try ada.request(.gameLeave(game: joined.game))
        #expect(eventually(timeout: .seconds(30)) { !node.process.isRunning }, "\(node.output)")
        #expect(node.output.contains("drain over: no games left"))
    }
}
