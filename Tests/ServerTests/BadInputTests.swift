import Client
import Protocol
import Testing

@Suite(.serialized) struct BadInputTests {
    @Test func malformedMessagesGetTypedErrorsAndTheConnectionStays() throws {
        try withNode { node in
            let ada = try node.player("Ada")
            ada.sendRaw("{not json")
            #expect(try ada.waitFor(type: "error").error?.code == .badJSON)
            ada.sendRaw(#"{"t":"teleport","cid":5}"#)
            let unknown = try ada.waitFor(type: "error")
            #expect(unknown.error?.code == .unknownType)
            #expect(unknown.cid == 5)
            ada.sendRaw(#"{"t":"game.move","cid":6,"game":7,"move":1}"#)
            let wrongType = try ada.waitFor(type: "error")
            #expect(wrongType.error?.code == .badField)
            #expect(wrongType.error?.field == "game")
            ada.sendRaw(#"{"t":"login","cid":7,"name":"Eve"}"#)
            #expect(try ada.waitFor(type: "error").error?.code == .alreadyLoggedIn)
            try ada.expectReply(.ping, "pong")
        }
    }

    @Test func theFirstMessageMustBeAHello() throws {
        try withNode { node in
            let client = try BlockingRoostClient(node.url)
            client.sendRaw(#"{"t":"login","cid":1,"name":"Ada"}"#)
            #expect(try client.waitFor(type: "error").error?.code == .helloRequired)
            #expect(try client.waitForClose().code == CloseCodes.helloRequired)
        }
    }

    @Test func aSilentConnectionIsClosedAfterTheHelloTimeout() throws {
        try withNode({ $0.helloTimeout = .milliseconds(300) }) { node in
            let client = try BlockingRoostClient(node.url)
            #expect(try client.waitForClose().code == CloseCodes.helloRequired)
        }
    }

    @Test func versionMismatchAndForgedTokensCloseWithTheirCodes() throws {
        try withNode { node in
            let old = try BlockingRoostClient(node.url)
            old.sendRaw(#"{"t":"hello","cid":1,"v":2,"client":{"name":"future","version":"9"}}"#)
            #expect(try old.waitFor(type: "error").error?.code == .versionMismatch)
            #expect(try old.waitForClose().code == CloseCodes.unsupportedVersion)
            let forger = try BlockingRoostClient(node.url)
            #expect(throws: RoostClientError.self) { try forger.hello(token: "djF8azF8eHh4.AAAA") }
            #expect(try forger.waitForClose().code == CloseCodes.invalidToken)
        }
    }

    @Test func requestsBeforeLoginAreRefused() throws {
        try withNode { node in
            let guest = try node.guest()
            try guest.expectError(.gameCreate(.init(kind: "connect4")), .notLoggedIn)
            try guest.expectError(.quickplay(kind: "cycles"), .notLoggedIn)
            try guest.expectReply(.lobbySubscribe(kind: nil), "lobby.snapshot")
            let bad = try guest.request(.login(name: "  "))
            #expect(bad.error?.code == .badField)
            #expect(bad.error?.field == "name")
        }
    }

    @Test func aFloodIsDroppedThenClosedWhileOtherGamesPlayOn() throws {
        try withNode { node in
            let ada = try node.player("Ada")
            let bob = try node.player("Bob")
            let game = BlockingRoostClient.gameID(try ada.expectReply(.gameCreate(.init(kind: "connect4")), "game.joined"))
            try bob.expectReply(.gameJoin(target: .game(game), role: .player), "game.joined")
            let flooder = try node.player("Mallory")
            for _ in 0..<400 { flooder.send(.ping) }
            let limited = try flooder.waitForMessage { $0.error?.code == .rateLimited }
            #expect(limited.cid == nil)
            #expect(try flooder.waitForClose().code == CloseCodes.abuse)
            #expect(node.server.metrics.drops(.messageRate) > 100)
            #expect(node.server.metrics.drops(.abuseClose) == 1)
            // The game next door never noticed.
            try ada.expectReply(.gameMove(game: game, move: 0), "ok")
            try bob.expectReply(.gameMove(game: game, move: 1), "ok")
        }
    }

    @Test func repeatedGarbageIsClosedAsAbuse() throws {
        try withNode { node in
            let client = try node.player("Mallory")
            for index in 0..<12 { client.sendRaw("{garbage \(index)") }
            #expect(try client.waitForClose().code == CloseCodes.abuse)
            #expect(node.server.metrics.drops(.badJSON) >= 11)
        }
    }

    @Test func anOversizedMessageIsRefusedAndClosedWith1009() throws {
        try withNode { node in
            let client = try node.player("Ada")
            client.sendRaw(#"{"t":"chat","room":"lobby","text":""# + String(repeating: "a", count: 70_000) + #""}"#)
            #expect(try client.waitFor(type: "error").error?.code == .messageTooBig)
            #expect(try client.waitForClose().code == CloseCodes.messageTooBig)
        }
    }

    @Test func connectionsOverThePerIPCapAreClosedWith1013() throws {
        try withNode({ $0.maxConnectionsPerIP = 3 }) { node in
            let clients = try (0..<3).map { _ in try node.guest() }
            let fourth = try BlockingRoostClient(node.url)
            #expect(try fourth.waitForClose().code == CloseCodes.tryAgainLater)
            #expect(node.server.metrics.drops(.perIPCap) == 1)
            clients[0].close()
            // A slot is free again once one closes.
            var admitted = false
            for _ in 0..<50 where !admitted {
                let next = try BlockingRoostClient(node.url)
                admitted = (try? next.hello()) != nil
            }
            #expect(admitted)
        }
    }
}
