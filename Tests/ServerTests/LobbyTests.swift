import Client
import Protocol
import Testing

@Suite(.serialized) struct LobbyTests {
    @Test func subscribersGetASnapshotThenNumberedEvents() throws {
        try withNode { node in
            let watcher = try node.guest()
            let snapshot = try watcher.expectReply(.lobbySubscribe(kind: nil), "lobby.snapshot")
            guard case .lobbySnapshot(_, let rev, let games) = snapshot.message else { return }
            #expect(games.isEmpty)
            let ada = try node.player("Ada")
            let bob = try node.player("Bob")
            let game = BlockingRoostClient.gameID(try ada.expectReply(.gameCreate(.init(kind: "connect4")), "game.joined"))
            try bob.expectReply(.gameJoin(target: .game(game), role: .player), "game.joined")
            var events: [(rev: Int, event: LobbyEvent)] = []
            while events.count < 2 {
                let message = try watcher.waitFor(type: "lobby.event")
                if case .lobbyEvent(let rev, let event) = message.message { events.append((rev, event)) }
            }
            #expect(events.map(\.rev) == [rev + 1, rev + 2])
            guard case .created(let created) = events[0].event, case .started(let started) = events[1].event else {
                Issue.record("expected created then started, got \(events)")
                return
            }
            #expect(created.id == game && created.taken == 1 && created.players == ["Ada"])
            #expect(started.taken == 2 && started.state == .playing)
            // A late subscriber sees the game in its snapshot at the current revision.
            let late = try node.guest()
            let second = try late.expectReply(.lobbySubscribe(kind: "connect4"), "lobby.snapshot")
            guard case .lobbySnapshot(_, let lateRev, let lateGames) = second.message else { return }
            #expect(lateRev == rev + 2)
            #expect(lateGames.map(\.id) == [game])
            let filtered = try node.guest()
            let cyclesOnly = try filtered.expectReply(.lobbySubscribe(kind: "cycles"), "lobby.snapshot")
            guard case .lobbySnapshot(_, _, let none) = cyclesOnly.message else { return }
            #expect(none.isEmpty)
        }
    }

    @Test func quickplayPairsPlayersIntoOneGame() throws {
        try withNode { node in
            let players = try (0..<4).map { try node.player("P\($0)") }
            let joined = try players.map { try $0.expectReply(.quickplay(kind: "connect4"), "game.joined") }
            let games = joined.map(BlockingRoostClient.gameID)
            #expect(games[0] == games[1])
            #expect(games[2] == games[3])
            #expect(games[0] != games[2])
            for player in players { _ = try player.waitFor(type: "game.started") }
        }
    }

    @Test func privateGamesTakePlayersOnlyByInvite() throws {
        try withNode { node in
            let ada = try node.player("Ada")
            let bob = try node.player("Bob")
            let cy = try node.player("Cy")
            let created = try ada.expectReply(.gameCreate(.init(kind: "connect4", isPrivate: true)), "game.joined")
            let game = BlockingRoostClient.gameID(created)
            guard case .gameJoined(_, let joined) = created.message, let invite = joined.invite else {
                Issue.record("a private game's creator gets its invite")
                return
            }
            try bob.expectError(.gameJoin(target: .game(game), role: .player), .inviteRequired)
            try bob.expectError(.gameJoin(target: .invite("nosuchinvite"), role: .player), .badInvite)
            let watching = try cy.expectReply(.gameJoin(target: .game(game), role: .spectator), "game.joined")
            #expect(watching.json["invite"] == nil)
            try bob.expectReply(.gameJoin(target: .invite(invite), role: .player), "game.joined")
            try cy.expectError(.gameJoin(target: .invite(invite), role: .player), .alreadyInGame)
            // Quickplay never lands in a private game.
            let dan = try node.player("Dan")
            let quick = try dan.expectReply(.quickplay(kind: "connect4"), "game.joined")
            #expect(BlockingRoostClient.gameID(quick) != game)
        }
    }

    @Test func chatReachesTheRoomWithinItsLimits() throws {
        try withNode { node in
            let ada = try node.player("Ada")
            let bob = try node.player("Bob")
            try ada.expectError(.chat(room: "lobby", text: "hi"), .notInGame)
            try ada.expectReply(.lobbySubscribe(kind: nil), "lobby.snapshot")
            try bob.expectReply(.lobbySubscribe(kind: nil), "lobby.snapshot")
            try ada.expectReply(.chat(room: "lobby", text: "hello lobby"), "ok")
            let line = try bob.waitFor(type: "chat")
            #expect(line.json["text"] == .string("hello lobby"))
            #expect(line.json["from"]?["name"] == .string("Ada"))
            #expect(try ada.waitFor(type: "chat").json["text"] == .string("hello lobby"))
            try ada.expectError(.chat(room: "g-n1-0-zzzz-1", text: "hi"), .notInGame)
            // Burst 3 per session: the first line above and two more pass, the next is dropped.
            try ada.expectReply(.chat(room: "lobby", text: "two"), "ok")
            try ada.expectReply(.chat(room: "lobby", text: "three"), "ok")
            try ada.expectError(.chat(room: "lobby", text: "four"), .rateLimited)
            let long = String(repeating: "x", count: 281)
            try bob.expectError(.chat(room: "lobby", text: long), .chatTooLong)
            #expect(node.server.metrics.drops(.chatRate) == 1)
        }
    }

    @Test func aWaitingGameWhoseLastPlayerLeavesIsRemoved() throws {
        try withNode { node in
            let watcher = try node.guest()
            try watcher.expectReply(.lobbySubscribe(kind: nil), "lobby.snapshot")
            let ada = try node.player("Ada")
            let game = BlockingRoostClient.gameID(try ada.expectReply(.gameCreate(.init(kind: "connect4")), "game.joined"))
            try ada.expectReply(.gameLeave(game: game), "ok")
            var names: [String] = []
            while names.last != "removed" {
                let event = try watcher.waitFor(type: "lobby.event")
                names.append(event.json["event"]?.stringValue ?? "?")
            }
            #expect(names == ["created", "removed"])
            try ada.expectError(.gameJoin(target: .game(game), role: .player), .unknownGame)
        }
    }
}
