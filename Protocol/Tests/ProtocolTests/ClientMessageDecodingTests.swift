import Testing
@testable import Protocol

@Suite struct ClientMessageDecodingTests {
    static let client = ClientMessage.ClientInfo(name: "roost-play", version: "0.1.0")

    // MARK: Every message

    static let valid: [(String, Int?, ClientMessage)] = [
        (#"{"t":"hello","v":1,"client":{"name":"roost-play","version":"0.1.0"}}"#, nil,
         .hello(.init(client: client))),
        (#"{"t":"hello","cid":1,"v":1,"client":{"name":"roost-play","version":"0.1.0"},"caps":["resume","x-future"],"token":"t.k","resume":{"session":"s-1","lastSeq":0}}"#,
         1, .hello(.init(client: client, capabilities: [.resume, "x-future"], token: "t.k", resume: .init(session: "s-1", lastSeq: 0)))),
        (#"{"t":"login","cid":2,"name":"Ada Lovelace"}"#, 2, .login(name: "Ada Lovelace")),
        (#"{"t":"lobby.subscribe"}"#, nil, .lobbySubscribe(kind: nil)),
        (#"{"t":"lobby.subscribe","kind":null}"#, nil, .lobbySubscribe(kind: nil)),
        (#"{"t":"lobby.subscribe","kind":"cycles"}"#, nil, .lobbySubscribe(kind: "cycles")),
        (#"{"t":"lobby.unsubscribe","cid":0}"#, 0, .lobbyUnsubscribe),
        (#"{"t":"game.create","kind":"connect4"}"#, nil, .gameCreate(.init(kind: "connect4"))),
        (#"{"t":"game.create","kind":"cycles","private":true,"seats":4,"options":{"speed":2}}"#, nil,
         .gameCreate(.init(kind: "cycles", isPrivate: true, seats: 4, options: ["speed": 2]))),
        (#"{"t":"game.join","game":"g-n1-2a"}"#, nil, .gameJoin(target: .game("g-n1-2a"), role: .player)),
        (#"{"t":"game.join","invite":"k7Qm2x","as":"spectator"}"#, nil, .gameJoin(target: .invite("k7Qm2x"), role: .spectator)),
        (#"{"t":"game.join","game":"g-1","invite":null}"#, nil, .gameJoin(target: .game("g-1"), role: .player)),
        (#"{"t":"quickplay","kind":"connect4"}"#, nil, .quickplay(kind: "connect4")),
        (#"{"t":"game.move","cid":9,"game":"g-n1-2a","move":3}"#, 9, .gameMove(game: "g-n1-2a", move: 3)),
        (#"{"move":{"turn":"left","at":[1,2.5]},"game":"g-1","t":"game.move"}"#, nil,
         .gameMove(game: "g-1", move: ["turn": "left", "at": [1, 2.5]])),
        (#"{"t":"game.leave","game":"g-1"}"#, nil, .gameLeave(game: "g-1")),
        (#"{"t":"chat","room":"lobby","text":"hi 👋"}"#, nil, .chat(room: "lobby", text: "hi 👋")),
        (#"{"t":"chat","room":"g-1","text":"gg"}"#, nil, .chat(room: "g-1", text: "gg")),
        (#"{"t":"ping"}"#, nil, .ping),
        (#"{"t":"ping","cid":9007199254740991,"future":{"deep":[1]}}"#, 9_007_199_254_740_991, .ping),
        (" \n{\"t\" : \"ping\" }\n ", nil, .ping),
        (#"{"t":"leaderboard.get","kind":"connect4"}"#, nil, .leaderboardGet(.init(kind: "connect4"))),
        (#"{"t":"leaderboard.get","cid":4,"kind":"cycles","board":"period","top":0,"around":"p-1","radius":25,"period":1795921200}"#,
         4, .leaderboardGet(.init(kind: "cycles", board: .period, top: 0, around: "p-1", radius: 25, period: 1_795_921_200))),
    ]

    @Test(arguments: valid.indices)
    func validMessagesDecodeToTheirTypedFields(_ index: Int) throws {
        let (input, cid, message) = Self.valid[index]
        let decoded = try decodeClient(input).get()
        #expect(decoded.cid == cid)
        #expect(decoded.message == message)
        // And back: encoding then decoding gives the same message.
        let again = try ClientMessage.decode(decoded.message.encode(cid: decoded.cid)).get()
        #expect(again.cid == cid && again.message == message)
    }

    @Test(arguments: [
        (#"{"t":"leaderboard.get"}"#, "kind"),
        (#"{"t":"leaderboard.get","kind":"connect4","board":"weekly"}"#, "board"),
        (#"{"t":"leaderboard.get","kind":"connect4","top":101}"#, "top"),
        (#"{"t":"leaderboard.get","kind":"connect4","top":-1}"#, "top"),
        (#"{"t":"leaderboard.get","kind":"connect4","radius":26}"#, "radius"),
        (#"{"t":"leaderboard.get","kind":"connect4","around":7}"#, "around"),
        (#"{"t":"leaderboard.get","kind":"connect4","period":"latest"}"#, "period"),
        (#"{"t":"leaderboard.get","kind":"connect4","period":-5}"#, "period"),
    ])
    func malformedLeaderboardQueriesNameTheField(_ input: String, _ field: String) {
        let error = clientError(input)
        #expect(error?.code == .badField)
        #expect(error?.field == field)
    }

    @Test func encodingIsCompactWithTypeFirst() {
        let bytes = ClientMessage.gameMove(game: "g-n1-2a", move: 3).encode(cid: 12)
        #expect(text(bytes) == #"{"t":"game.move","cid":12,"game":"g-n1-2a","move":3}"#)
        #expect(text(ClientMessage.ping.encode(cid: nil)) == #"{"t":"ping"}"#)
    }

    // MARK: Envelope errors

    @Test(arguments: [
        ("", "at byte 0: expected a value, found the end of the input"),
        ("{\"t\":\"ping\"", "at byte 11: expected ',' or '}', found the end of the input"),
        ("[1,2]", "a message must be a JSON object, found array"),
        ("\"ping\"", "a message must be a JSON object, found string"),
        ("{\"t\":\"ping\",\"t\":\"ping\"}", "at byte 12: duplicate key in an object"),
        ("{\"t\":\"ping\"}x", "at byte 12: expected the end of the input after the value"),
    ])
    func malformedJSONIsBadJSONSayingWhere(_ input: String, _ message: String) {
        let error = clientError(input)
        #expect(error?.code == .badJSON)
        #expect(error?.message == message)
        #expect(error?.cid == nil)
    }

    @Test func invalidUTF8IsBadJSONNotATrap() {
        let error = ClientMessage.decode([0x7B, 0x22, 0x74, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D]).failure
        #expect(error?.code == .badJSON)
        #expect(error?.message == "at byte 6: invalid UTF-8")
    }

    @Test func unknownTypeEchoesTheCid() {
        let error = clientError(#"{"t":"game.resign","cid":77,"game":"g-1"}"#)
        #expect(error == ProtocolError(code: .unknownType, message: "this server knows no message type of that name", cid: 77))
    }

    @Test func messageOverTheLimitIsTooBig() {
        let limits = SessionLimits(maxMessageBytes: 32)
        #expect(clientError(#"{"t":"chat","room":"lobby","text":"hello"}"#, limits: limits)?.code == .messageTooBig)
        #expect(clientError(#"{"t":"ping","cid":1}"#, limits: limits) == nil)
    }

    @Test func nestingDeeperThan32IsBadJSON() {
        let move = String(repeating: "[", count: 31) + String(repeating: "]", count: 31)
        #expect(clientError(#"{"t":"game.move","game":"g","move":\#(move)}"#) == nil)
        let deeper = String(repeating: "[", count: 32) + String(repeating: "]", count: 32)
        #expect(clientError(#"{"t":"game.move","game":"g","move":\#(deeper)}"#)?.code == .badJSON)
    }

    // MARK: Field errors

    static let badFields: [(String, String)] = [
        (#"{"cid":1}"#, "t"),
        (#"{"t":5}"#, "t"),
        (#"{"t":null}"#, "t"),
        (#"{"t":"ping","cid":-1}"#, "cid"),
        (#"{"t":"ping","cid":1.0}"#, "cid"),
        (#"{"t":"ping","cid":"1"}"#, "cid"),
        (#"{"t":"ping","cid":9007199254740992}"#, "cid"),
        (#"{"t":"hello","client":{"name":"x","version":"1"}}"#, "v"),
        (#"{"t":"hello","v":"1","client":{"name":"x","version":"1"}}"#, "v"),
        (#"{"t":"hello","v":1}"#, "client"),
        (#"{"t":"hello","v":1,"client":"roost-play"}"#, "client"),
        (#"{"t":"hello","v":1,"client":{"version":"1"}}"#, "client.name"),
        (#"{"t":"hello","v":1,"client":{"name":"","version":"1"}}"#, "client.name"),
        (#"{"t":"hello","v":1,"client":{"name":"a\nb","version":"1"}}"#, "client.name"),
        (#"{"t":"hello","v":1,"client":{"name":"x","version":7}}"#, "client.version"),
        (#"{"t":"hello","v":1,"client":{"name":"x","version":"1"},"caps":"resume"}"#, "caps"),
        (#"{"t":"hello","v":1,"client":{"name":"x","version":"1"},"caps":["resume",3]}"#, "caps[1]"),
        (#"{"t":"hello","v":1,"client":{"name":"x","version":"1"},"caps":["re sume"]}"#, "caps[0]"),
        (#"{"t":"hello","v":1,"client":{"name":"x","version":"1"},"token":"a b"}"#, "token"),
        (#"{"t":"hello","v":1,"client":{"name":"x","version":"1"},"token":""}"#, "token"),
        (#"{"t":"hello","v":1,"client":{"name":"x","version":"1"},"resume":{"session":"s","lastSeq":1}}"#, "token"),
        (#"{"t":"hello","v":1,"client":{"name":"x","version":"1"},"token":"t","resume":{"lastSeq":1}}"#, "resume.session"),
        (#"{"t":"hello","v":1,"client":{"name":"x","version":"1"},"token":"t","resume":{"session":"s","lastSeq":-1}}"#, "resume.lastSeq"),
        (#"{"t":"hello","v":1,"client":{"name":"x","version":"1"},"token":"t","resume":[]}"#, "resume"),
        (#"{"t":"login"}"#, "name"),
        (#"{"t":"login","name":["Ada"]}"#, "name"),
        (#"{"t":"lobby.subscribe","kind":""}"#, "kind"),
        (#"{"t":"lobby.subscribe","kind":"connect four"}"#, "kind"),
        (#"{"t":"game.create"}"#, "kind"),
        (#"{"t":"game.create","kind":"connect4","private":"yes"}"#, "private"),
        (#"{"t":"game.create","kind":"connect4","seats":0}"#, "seats"),
        (#"{"t":"game.create","kind":"connect4","seats":65}"#, "seats"),
        (#"{"t":"game.create","kind":"connect4","seats":2.5}"#, "seats"),
        (#"{"t":"game.create","kind":"connect4","options":[1]}"#, "options"),
        (#"{"t":"game.join"}"#, "game"),
        (#"{"t":"game.join","game":"g-1","invite":"k"}"#, "invite"),
        (#"{"t":"game.join","game":"g/1"}"#, "game"),
        (#"{"t":"game.join","game":"g-1","as":"referee"}"#, "as"),
        (#"{"t":"game.join","game":"g-1","as":true}"#, "as"),
        (#"{"t":"quickplay"}"#, "kind"),
        (#"{"t":"game.move","move":3}"#, "game"),
        (#"{"t":"game.move","game":"g-1"}"#, "move"),
        (#"{"t":"game.move","game":"g-1","move":null}"#, "move"),
        (#"{"t":"game.move","game":"\#(String(repeating: "g", count: 65))","move":3}"#, "game"),
        (#"{"t":"game.leave"}"#, "game"),
        (#"{"t":"chat","text":"hi"}"#, "room"),
        (#"{"t":"chat","room":"the lobby","text":"hi"}"#, "room"),
        (#"{"t":"chat","room":"lobby"}"#, "text"),
        (#"{"t":"chat","room":"lobby","text":""}"#, "text"),
        (#"{"t":"chat","room":"lobby","text":"   "}"#, "text"),
        (#"{"t":"chat","room":"lobby","text":"line\nbreak"}"#, "text"),
        (#"{"t":"chat","room":"lobby","text":"bell\u0007"}"#, "text"),
        (#"{"t":"chat","room":"lobby","text":"sep\u2028"}"#, "text"),
    ]

    @Test(arguments: badFields.indices)
    func badFieldsNameTheField(_ index: Int) {
        let (input, field) = Self.badFields[index]
        let error = clientError(input)
        #expect(error?.code == .badField, "\(input)")
        #expect(error?.field == field, "\(input)")
        #expect(error?.message.hasPrefix(field + ": ") == true, "\(error?.message ?? "")")
    }

    @Test func fieldErrorsAfterTheEnvelopeEchoTheCid() {
        #expect(clientError(#"{"t":"login","cid":31,"name":7}"#)?.cid == 31)
        #expect(clientError(#"{"t":"login","cid":-1,"name":"Ada"}"#)?.cid == nil)
    }

    @Test func fieldErrorsSayWhatWasExpected() {
        #expect(clientError(#"{"t":"login","name":7}"#)?.message == "name: expected a string, found integer")
        #expect(clientError(#"{"t":"game.create","kind":"connect4","seats":2.5}"#)?.message
            == "seats: expected an integer, found number")
        #expect(clientError(#"{"t":"game.create","kind":"connect4","seats":99}"#)?.message == "seats: must lie in 1...64")
        #expect(clientError(#"{"t":"game.leave"}"#)?.message == "game: is required")
    }

    @Test func helloOfAnotherVersionIsAVersionMismatchWhateverItsOtherFields() {
        for input in [#"{"t":"hello","v":2,"client":{"name":"x","version":"1"}}"#, #"{"t":"hello","cid":4,"v":0}"#,
                      #"{"t":"hello","v":2,"whatever":{"shape":"v2 hellos have"}}"#] {
            let error = clientError(input)
            #expect(error?.code == .versionMismatch, "\(input)")
            #expect(error?.field == "v")
            #expect(error?.message == "this server speaks protocol version 1 (roost.v1)")
        }
        #expect(clientError(#"{"t":"hello","cid":4,"v":0}"#)?.cid == 4)
    }

    // MARK: Chat length

    @Test func chatLengthCountsCodePoints() {
        let limit = String(repeating: "é", count: 280)  // 560 bytes, 280 code points
        #expect(clientError(#"{"t":"chat","room":"lobby","text":"\#(limit)"}"#) == nil)
        let over = limit + "!"
        let error = clientError(#"{"t":"chat","cid":5,"room":"lobby","text":"\#(over)"}"#)
        #expect(error == ProtocolError(code: .chatTooLong, message: "text: chat lines hold at most 280 characters", cid: 5, field: "text"))
        // Under a server's own limit.
        #expect(clientError(#"{"t":"chat","room":"lobby","text":"hello"}"#, limits: SessionLimits(chatMaxChars: 4))?.code == .chatTooLong)
    }

    // MARK: Names

    @Test(arguments: [
        "Ada", "a", "Ada Lovelace", "ada_99", "x-y", "Zoë", "José", "Jose\u{301}", "山田太郎", "Ωμέγα", "ناصر", "राम",
        String(repeating: "n", count: 24), "1", "_", "-", "A B C",
    ])
    func namesWithinTheRulesAreAccepted(_ name: String) {
        #expect(FieldRules.nameProblem(name) == nil, "\(name)")
        #expect(clientError(JSONWriter.encode(["t": "login", "name": .string(name)]).asString) == nil)
    }

    @Test(arguments: [
        "", " Ada", "Ada ", "Ada  Lovelace", String(repeating: "n", count: 25), "Ada!", "a.b", "<script>", "tab\there",
        "zero\u{200B}width", "\u{301}mark first", "emoji😀", "Ada\u{0}", "new\nline", "nbsp\u{A0}x", "  ",
    ])
    func namesOutsideTheRulesAreRefused(_ name: String) {
        #expect(FieldRules.nameProblem(name) != nil, "\(name.debugDescription)")
        let error = clientError(JSONWriter.encode(["t": "login", "name": .string(name)]).asString)
        #expect(error?.code == .badField && error?.field == "name")
    }
}

extension [UInt8] {
    var asString: String { String(decoding: self, as: UTF8.self) }
}
