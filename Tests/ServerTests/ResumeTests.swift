import Client
import Protocol
import Testing

@Suite(.serialized) struct ResumeTests {
    @Test func droppedPlayerResumesOnTheSameSeatWithNoMessageLost() throws {
        try withNode { node in
            let ada = try node.player("Ada")
            let bob = try node.player("Bob")
            let game = BlockingRoostClient.gameID(try ada.expectReply(.gameCreate(.init(kind: "connect4")), "game.joined"))
            try bob.expectReply(.gameJoin(target: .game(game), role: .player), "game.joined")
            _ = try ada.waitFor(type: "game.started")
            try ada.expectReply(.gameMove(game: game, move: 3), "ok")
            _ = try ada.waitForMessage { $0.json["u"]?["k"] == .string("turn") }
            let before = ada.drain()
            #expect(before.allSatisfy { $0.message != nil })
            ada.drop()
            let away = try bob.waitFor(type: "game.player")
            #expect(away.json["status"] == .string("away"))
            // Bob moves and chats while Ada is away: both must reach her.
            try bob.expectReply(.gameMove(game: game, move: 3), "ok")
            try bob.expectReply(.chat(room: game, text: "still there?"), "ok")
            let (resumed, welcome) = try ada.reconnect()
            #expect(welcome.resume == .resumed(fromSeq: ada.lastSeq + 1))
            #expect(welcome.session == ada.session)
            #expect(welcome.games == [game])
            let placed = try resumed.waitForMessage { $0.json["u"]?["k"] == .string("placed") }
            #expect(placed.json["u"]?["seat"] == .int(1))
            let chat = try resumed.waitFor(type: "chat")
            #expect(chat.json["text"] == .string("still there?"))
            #expect(resumed.seqAnomalies.isEmpty)
            let back = try bob.waitFor(type: "game.player")
            #expect(back.json["status"] == .string("back"))
            // Still Ada's seat and her turn.
            try resumed.expectReply(.gameMove(game: game, move: 4), "ok")
        }
    }

    @Test func resumeIsRefusedWithTheReasonAndANewSessionOpens() throws {
        try withNode { node in
            let ada = try node.player("Ada")
            let bob = try node.player("Bob")
            let session = try #require(ada.session)
            let token = try #require(ada.token)
            ada.drop()
            // Ahead of what was sent.
            let ahead = try BlockingRoostClient(node.url)
            let refusedAhead = try ahead.hello(token: token, resume: .init(session: session, lastSeq: 99))
            #expect(refusedAhead.resume == .refused(reason: "bad_seq"))
            #expect(refusedAhead.session != session)
            #expect(refusedAhead.player?.name == "Ada")
            // Another player's session.
            let thief = try BlockingRoostClient(node.url)
            let bobToken = try #require(bob.token)
            let refusedThief = try thief.hello(token: bobToken, resume: .init(session: session, lastSeq: 1))
            #expect(refusedThief.resume == .refused(reason: "wrong_player"))
            // A session nobody has.
            let unknown = try BlockingRoostClient(node.url)
            let refusedUnknown = try unknown.hello(token: token, resume: .init(session: "s-n1-0-nosuchsession", lastSeq: 1))
            #expect(refusedUnknown.resume == .refused(reason: "unknown_session"))
        }
    }

    @Test func resumingElsewhereClosesTheOldConnectionWith4003() throws {
        try withNode { node in
            let ada = try node.player("Ada")
            let (second, welcome) = try ada.reconnect()
            #expect(welcome.resume == .resumed(fromSeq: ada.lastSeq + 1))
            let close = try ada.waitForClose()
            #expect(close.code == CloseCodes.sessionReplaced)
            try second.expectReply(.ping, "pong")
        }
    }

    @Test func aSeatIsGivenUpWhenTheGracePeriodEnds() throws {
        try withNode({ $0.limits.resumeGraceMilliseconds = 500 }) { node in
            let ada = try node.player("Ada")
            let bob = try node.player("Bob")
            let game = BlockingRoostClient.gameID(try ada.expectReply(.gameCreate(.init(kind: "connect4")), "game.joined"))
            try bob.expectReply(.gameJoin(target: .game(game), role: .player), "game.joined")
            _ = try bob.waitFor(type: "game.started")
            ada.drop()
            #expect(try bob.waitFor(type: "game.player").json["status"] == .string("away"))
            #expect(try bob.waitFor(type: "game.player").json["status"] == .string("left"))
            let (_, finished) = try bob.playUntilFinished(game)
            guard case .gameFinished(_, let outcome, _) = finished.message else { return }
            #expect(outcome["winner"] == .int(1))
            let (_, late) = try ada.reconnect()
            #expect(late.resume == .refused(reason: "expired"))
            #expect(late.games.isEmpty)
        }
    }

    @Test func aPlayerWhoseResumeFailedTakesItsSeatBack() throws {
        try withNode { node in
            let ada = try node.player("Ada")
            let bob = try node.player("Bob")
            let game = BlockingRoostClient.gameID(try ada.expectReply(.gameCreate(.init(kind: "connect4")), "game.joined"))
            try bob.expectReply(.gameJoin(target: .game(game), role: .player), "game.joined")
            ada.drop()
            // A client that lost its session state comes back with just its token.
            let (fresh, welcome) = try ada.reconnect(resuming: false)
            #expect(welcome.games == [game])
            let rejoined = try fresh.expectReply(.gameJoin(target: .game(game), role: .player), "game.joined")
            #expect(rejoined.json["seat"] == .int(0))
            #expect(rejoined.json["state"] == .string("playing"))
            #expect(rejoined.json["snapshot"]?["turn"] == .int(0))
            try fresh.expectReply(.gameMove(game: game, move: 1), "ok")
        }
    }
}
