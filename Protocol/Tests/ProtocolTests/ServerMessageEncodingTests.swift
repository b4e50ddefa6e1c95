import Testing
@testable import Protocol

@Suite struct ServerMessageEncodingTests {
    static let ada = PlayerInfo(id: "p-7f3a9c", name: "Ada")
    static let bob = PlayerInfo(id: "p-02bd11", name: "Bob \"the builder\"\n")
    static let players = [SeatedPlayer(seat: 0, player: ada), SeatedPlayer(seat: 1, player: bob)]
    static let lobbyGame = LobbyGame(id: "g-n1-2a", kind: "connect4", seats: 2, taken: 1, state: .waiting, players: ["Ada"])
    static let privateGame = LobbyGame(
        id: "g-n2-9", kind: "cycles", seats: 4, taken: 4, state: .playing, isPrivate: true, players: ["a", "b", "c", "d"])

    /// One of every server message shape, with the seq each takes.
    static let samples: [(ServerMessage, Int?)] = [
        (.welcome(cid: 1, .init(session: "s-1", node: "n1")), nil),
        (.welcome(cid: nil, .init(
            session: "s-1", node: "n2", capabilities: [.resume, .redirect],
            limits: SessionLimits(maxMessageBytes: 1000, chatMaxChars: 10), player: ada, games: ["g-1", "g-2"],
            resume: .resumed(fromSeq: 42))), nil),
        (.welcome(cid: 3, .init(session: "s-2", node: "n3", player: ada, resume: .refused(reason: "expired"))), nil),
        (.loginOK(cid: 2, player: ada, token: "v1.tok"), 1),
        (.loginOK(cid: nil, player: bob, token: "v1.tok"), 1),
        (.ok(cid: 0), 2),
        (.lobbySnapshot(cid: 3, rev: 0, games: []), 3),
        (.lobbySnapshot(cid: nil, rev: 118, games: [lobbyGame, privateGame]), 4),
        (.lobbyEvent(rev: 119, event: .created(lobbyGame)), 5),
        (.lobbyEvent(rev: 120, event: .seat(lobbyGame)), 5),
        (.lobbyEvent(rev: 121, event: .started(privateGame)), 5),
        (.lobbyEvent(rev: 122, event: .finished(privateGame)), 5),
        (.lobbyEvent(rev: 123, event: .removed(id: "g-n1-2a")), 5),
        (.gameJoined(cid: 5, .init(
            game: "g-1", kind: "connect4", seat: 0, seats: 2, state: .waiting, players: [players[0]], snapshot: nil,
            invite: "k7Qm2x")), 6),
        (.gameJoined(cid: nil, .init(
            game: "g-1", kind: "connect4", seat: nil, seats: 2, state: .playing, players: players,
            snapshot: ["moves": [3, 3, 4], "turn": 1, "remaining": 21_500, "clock": 30_000, "outcome": nil])), 7),
        (.gamePlayer(game: "g-1", seat: 1, player: bob, status: .away), 8),
        (.gameStarted(game: "g-1", players: players, snapshot: ["moves": []]), 9),
        (.gameUpdate(game: "g-1", update: ["k": "placed", "seat": 0, "column": 3, "row": 0]), 10),
        (.gameUpdate(game: "g-1", update: [[1, 2], [3.5, -4e-9], "tick"]), 10),
        (.gameFinished(
            game: "g-1", outcome: ["result": "win", "winner": 0, "reason": "four_in_a_row", "placements": [[0], [1]]],
            result: "r-1"), 11),
        (.gameFinished(game: "g-1", outcome: ["result": "aborted"], result: nil), 11),
        (.chat(.init(room: "lobby", from: ada, text: "hi \"all\" \\ 😀\u{1}", at: 1_767_225_600_123)), 12),
        (.pong(cid: 12, at: 1_767_225_600_456), nil),
        (.pong(cid: nil, at: 0), nil),
        (.redirect(game: "g-n2-9", url: "wss://n2.roost.example/ws"), nil),
        (.error(ProtocolError(code: .notYourTurn, message: "wait for your turn", cid: 9)), 13),
        (.error(ProtocolError(code: .badField, message: "name: bad", cid: 2, field: "name")), 14),
        (.error(ProtocolError(code: "some_future_code", message: "newer server")), 15),
        (.error(ProtocolError(code: .versionMismatch, message: "speak 1", cid: 1, field: "v")), nil),
        (.leaderboard(cid: 4, LeaderboardReply(
            kind: "connect4", board: .allTime, period: 1_795_921_200, periods: [1_795_921_200, 1_795_834_800], players: 2,
            top: [LeaderboardRow(rank: 1, id: "p-1", name: "Bob \"b\"", rating: 1873.41, deviation: 61.2, games: 57),
                  LeaderboardRow(rank: 2, id: "p-2", name: "Ada", rating: 1500, deviation: 350, games: 0)],
            around: [], schedule: JobScheduleInfo(cron: "0 3 * * *", previous: 1_795_921_200, next: 1_796_007_600))), 16),
        (.leaderboard(cid: nil, LeaderboardReply(
            kind: "cycles", board: .period, period: nil, periods: [], players: 0, top: [], around: [],
            schedule: JobScheduleInfo(cron: "*/5 * * * *", previous: 0, next: 300))), 17),
    ]

    @Test(arguments: samples.indices)
    func everyServerMessageEncodesToJSONThatDecodesBack(_ index: Int) throws {
        let (message, seq) = Self.samples[index]
        let bytes = message.encode(seq: seq)
        let parsed = try parse(bytes: bytes).get()
        #expect(parsed["t"]?.stringValue == message.type)
        #expect(parsed["seq"]?.intValue == seq.map(Int64.init))
        #expect(parsed.objectValue?.keys.first == "t")
        let decoded = try ServerMessage.decode(bytes).get()
        #expect(decoded.seq == seq)
        #expect(decoded.message == message)
        #expect(decoded.message.cid == message.cid)
    }

    @Test func everyServerTypeIsSampled() {
        #expect(Set(Self.samples.map(\.0.type)) == Set(ServerMessage.MessageType.all))
    }

    @Test func gameUpdateIsCompactWithTypeThenSeq() {
        let message = ServerMessage.gameUpdate(game: "g-n1-2a", update: ["k": "placed", "seat": 0, "column": 3, "row": 0])
        #expect(text(message.encode(seq: 10)) == #"{"t":"game.update","seq":10,"game":"g-n1-2a","u":{"k":"placed","seat":0,"column":3,"row":0}}"#)
    }

    @Test func unsequencedMessagesHaveNoSeq() {
        #expect(!ServerMessage.pong(cid: nil, at: 1).isSequenced)
        #expect(!ServerMessage.redirect(game: "g", url: "u").isSequenced)
        #expect(!ServerMessage.welcome(cid: nil, .init(session: "s", node: "n")).isSequenced)
        #expect(ServerMessage.ok(cid: 1).isSequenced)
        #expect(text(ServerMessage.pong(cid: 3, at: 5).encode(seq: nil)) == #"{"t":"pong","cid":3,"at":5}"#)
    }

    // MARK: Prepared messages

    @Test func preparedMessagesEncodeLikeTheMessageForEverySeq() {
        let pushes: [ServerMessage] = Self.samples.map(\.0).filter { $0.isSequenced && $0.cid == nil }
        #expect(pushes.count >= 10)
        for message in pushes {
            let prepared = PreparedServerMessage(message)
            for seq in [1, 9, 10, 12_345, FieldRules.maxSafeInteger] {
                #expect(prepared.encode(seq: seq) == message.encode(seq: seq))
            }
        }
    }

    @Test func preparedGameUpdateFromAFragmentMatchesTheMessage() {
        let update: JSONValue = ["k": "tick", "n": 42, "cells": [[1, 2], [3, 4]]]
        let fragment = JSONFragment(update)
        let prepared = PreparedServerMessage(gameUpdate: "g-n1-2a", update: fragment)
        #expect(prepared.encode(seq: 77) == ServerMessage.gameUpdate(game: "g-n1-2a", update: update).encode(seq: 77))
        var staging: [UInt8] = Array("prefix".utf8)
        prepared.encode(seq: 78, into: &staging)
        #expect(staging == Array("prefix".utf8) + ServerMessage.gameUpdate(game: "g-n1-2a", update: update).encode(seq: 78))
    }

    // MARK: Decoding what a server sends

    @Test func clientsIgnoreMembersTheyDoNotKnow() throws {
        let decoded = try ServerMessage.decode(Array(#"{"t":"ok","seq":3,"cid":4,"color":"blue","new":{"x":[1]}}"#.utf8)).get()
        #expect(decoded.seq == 3 && decoded.message == .ok(cid: 4))
    }

    @Test func missingLimitsKeepTheirDefaults() throws {
        let decoded = try ServerMessage.decode(Array(#"{"t":"welcome","session":"s","node":"n","v":1,"limits":{"chatMaxChars":100,"futureLimit":3}}"#.utf8)).get()
        guard case .welcome(_, let welcome) = decoded.message else { Issue.record("not a welcome"); return }
        var expected = SessionLimits.defaults
        expected.chatMaxChars = 100
        #expect(welcome.limits == expected)
        #expect(welcome.capabilities.isEmpty)
    }

    @Test func unknownServerTypesAreUnknownType() {
        let error = ServerMessage.decode(Array(#"{"t":"game.replay","seq":5}"#.utf8)).failure
        #expect(error?.code == .unknownType)
    }

    @Test func malformedServerMessagesNameTheField() {
        #expect(ServerMessage.decode(Array(#"{"t":"ok","seq":1}"#.utf8)).failure?.field == "cid")
        #expect(ServerMessage.decode(Array(#"{"t":"ok","seq":0,"cid":1}"#.utf8)).failure?.field == "seq")
        #expect(ServerMessage.decode(Array(#"{"t":"game.joined","game":"g","kind":"k","as":"judge"}"#.utf8)).failure?.field == "as")
        #expect(ServerMessage.decode(Array(#"{"t":"lobby.snapshot","rev":1,"games":[{"id":"g"}]}"#.utf8)).failure?.field == "games[0].kind")
        #expect(ServerMessage.decode(Array(#"{"t":"game.player","game":"g","seat":0,"player":{"id":"p","name":"n"},"status":"asleep"}"#.utf8)).failure?.field == "status")
    }

    @Test func closeCodeAdviceFollowsTheSpec() {
        #expect(CloseCodes.advice(for: nil) == .reconnectAndResume)
        #expect(CloseCodes.advice(for: CloseCodes.serviceRestart) == .reconnectAndResume)
        #expect(CloseCodes.advice(for: CloseCodes.tryAgainLater) == .backOffAndResume)
        #expect(CloseCodes.advice(for: CloseCodes.invalidToken) == .reconnectWithoutToken)
        for code in [CloseCodes.helloRequired, CloseCodes.unsupportedVersion, CloseCodes.sessionReplaced, CloseCodes.abuse, CloseCodes.normal] {
            #expect(CloseCodes.advice(for: code) == .doNotReconnect)
        }
        for code: UInt16 in [4000, 4001, 4002, 4003, 4029] { #expect((4000...4999).contains(code)) }
    }
}
