import Testing
@testable import Protocol

/// The example transcripts are well formed and consistent with the codec, and the matcher and the
/// replay state machine do what the spec (§14) says.
@Suite struct TranscriptTests {
    static let exampleNames = files(in: protocolDirectory + "/examples", endingWith: ".jsonl")

    static func example(_ name: String) throws -> Transcript {
        try Transcript.parse(readTextFile(protocolDirectory + "/examples/" + name)).get()
    }

    @Test func theBriefsTranscriptsExist() {
        for name in ["hello-login", "lobby-browse", "connect4-game", "illegal-move", "resume"] {
            #expect(Self.exampleNames.contains(name + ".jsonl"), "\(name).jsonl is missing")
        }
    }

    // MARK: Examples replayed against a scripted server

    /// Plays `transcript` against a fake server that answers each `s2c` line with its pattern made
    /// concrete, and checks every message on the way: requests decode as `ClientMessage` (or fail
    /// with exactly the error the next line expects), answers decode as `ServerMessage`.
    static func replayAgainstScriptedServer(_ transcript: Transcript) throws {
        var replay = TranscriptReplay(transcript)
        var serverSeq: [String: Int] = [:]
        var lastDecodeError: [String: ProtocolError] = [:]
        var steps = 0
        while true {
            steps += 1
            try #require(steps < 10_000, "replay does not end")
            switch replay.next() {
            case .connect(let connection):
                serverSeq[connection] = nil
            case .send(let connection, let bytes):
                switch ClientMessage.decode(bytes) {
                case .success(let (cid, message)):
                    lastDecodeError[connection] = nil
                    // What decodes re-encodes to an equal message.
                    #expect(try ClientMessage.decode(message.encode(cid: cid)).get() == (cid, message))
                case .failure(let error):
                    lastDecodeError[connection] = error
                }
            case .drop, .close:
                break
            case .awaitMessage(let connection, let lineNumber):
                let line = try #require(transcript.lines.first { $0.number == lineNumber })
                var message = try instantiate(line.message!, bindings: replay.matcher.bindings)
                // The server numbers messages itself where the transcript leaves seq open.
                if var object = message.objectValue, object["seq"]?.stringValue != nil || line.message!["seq"] == "$int" {
                    let next = (serverSeq[connection] ?? 0) + 1
                    object["seq"] = .int(Int64(next))
                    message = .object(object)
                }
                if let seq = message["seq"]?.intValue { serverSeq[connection] = Int(seq) }
                let (_, decoded) = try ServerMessage.decode(message.objectValue!).get()
                // A format error the transcript expects is what the decoder itself says.
                if case .error(let error) = decoded, decoderCodes.contains(error.code) {
                    let decodeError = try #require(lastDecodeError[connection], "line \(lineNumber): the request decoded")
                    #expect(decodeError.code == error.code, "line \(lineNumber)")
                    #expect(decodeError.field == error.field, "line \(lineNumber)")
                    #expect(decodeError.cid == error.cid, "line \(lineNumber)")
                }
                replay.received(JSONWriter.encode(message), on: connection)
            case .awaitClose(let connection, let lineNumber):
                let line = try #require(transcript.lines.first { $0.number == lineNumber })
                guard case .expectClose(let code) = line.control else { Issue.record("not a close line"); return }
                replay.receivedClose(code: code, on: connection)
            case .finished:
                return
            case .failed(let failure):
                Issue.record("replay failed: \(failure)")
                return
            }
        }
    }

    /// The error codes the client decoder produces (the rest come from the server's logic).
    static let decoderCodes: Set<ErrorCode> = [.badJSON, .unknownType, .badField, .messageTooBig, .versionMismatch, .chatTooLong]

    /// A concrete message matching `pattern`: placeholders become plausible values of their type.
    static func instantiate(_ pattern: JSONValue, bindings: [String: JSONValue], key: String = "") throws -> JSONValue {
        switch pattern {
        case .string(let text):
            switch TranscriptMatcher.Placeholder(text) {
            case .variable(let name): return bindings[name] ?? .string("v-\(name)")
            case .literal(let literal): return .string(literal)
            case .type("int"), .type("number"): return 1
            case .type("string"): return "x"
            case .type("bool"): return true
            case .type("array"): return []
            case .type("object"):
                return key == "limits" ? try parse(bytes: SessionLimits.defaults.encodedForTests).get() : [:]
            case .any: return 1
            case .type, .absent: throw TranscriptMismatch(path: key, reason: "cannot instantiate \(text)")
            case nil: return pattern
            }
        case .array(let elements):
            return .array(try elements.map { try instantiate($0, bindings: bindings) })
        case .object(let object):
            var result = JSONObject()
            for member in object.members where member.value != "$absent" {
                result[member.key] = try instantiate(member.value, bindings: bindings, key: member.key)
            }
            return .object(result)
        default:
            return pattern
        }
    }

    @Test(arguments: exampleNames)
    func exampleReplaysAgainstAScriptedServer(_ name: String) throws {
        try Self.replayAgainstScriptedServer(try Self.example(name))
    }

    @Test func aServerThatSendsTheWrongValueFailsTheReplay() throws {
        let transcript = try Self.example("connect4-game.jsonl")
        var replay = TranscriptReplay(transcript)
        var failure: TranscriptFailure? = nil
        loop: while true {
            switch replay.next() {
            case .connect, .send, .drop, .close: continue
            case .awaitMessage(let connection, let lineNumber):
                let line = transcript.lines.first { $0.number == lineNumber }!
                var message = try Self.instantiate(line.message!, bindings: replay.matcher.bindings)
                // The first message about the game after its id is known names another game.
                if replay.matcher.bindings["game"] != nil, var object = message.objectValue, object["game"] != nil {
                    object["game"] = "g-other"
                    message = .object(object)
                }
                replay.received(message, on: connection)
            case .awaitClose(let connection, _): replay.receivedClose(code: nil, on: connection)
            case .finished: break loop
            case .failed(let reason):
                failure = reason
                break loop
            }
        }
        let reported = try #require(failure)
        #expect(reported.reason.contains("$.game"))
    }

    // MARK: Matcher

    @Test func placeholdersMatchByType() {
        var matcher = TranscriptMatcher()
        #expect(matcher.match(["a": "$any"], ["a": nil]) == nil)
        #expect(matcher.match(["a": "$int"], ["a": 3]) == nil)
        #expect(matcher.match(["a": "$int"], ["a": 3.5]) != nil)
        #expect(matcher.match(["a": "$number"], ["a": 3.5]) == nil)
        #expect(matcher.match(["a": "$string"], ["a": "x"]) == nil)
        #expect(matcher.match(["a": "$string"], ["a": 1]) != nil)
        #expect(matcher.match(["a": "$bool"], ["a": false]) == nil)
        #expect(matcher.match(["a": "$object"], ["a": [:]]) == nil)
        #expect(matcher.match(["a": "$array"], ["a": []]) == nil)
        #expect(matcher.match(["a": "$any"], [:])?.reason == "missing")
    }

    @Test func absentRequiresTheMemberToBeMissing() {
        var matcher = TranscriptMatcher()
        #expect(matcher.match(["t": "ok", "seq": "$absent"], ["t": "ok"]) == nil)
        #expect(matcher.match(["t": "ok", "seq": "$absent"], ["t": "ok", "seq": 1])?.path == "$.seq")
    }

    @Test func extraMembersAreIgnoredButArraysMustHaveTheSameLength() {
        var matcher = TranscriptMatcher()
        #expect(matcher.match(["t": "ok"], ["t": "ok", "new": true]) == nil)
        #expect(matcher.match(["a": [1, 2]], ["a": [1, 2, 3]])?.path == "$.a")
        #expect(matcher.match(["a": [1, ["b": 2]]], ["a": [1, ["b": 3]]])?.path == "$.a[1].b")
    }

    @Test func numbersMatchByValue() {
        var matcher = TranscriptMatcher()
        #expect(matcher.match(["n": 3], ["n": 3.0]) == nil)
        #expect(matcher.match(["n": 3], ["n": 3.5]) != nil)
        #expect(matcher.match(["n": 3], ["n": "3"]) != nil)
    }

    @Test func variablesBindOnceAndMustAgreeAfterwards() {
        var matcher = TranscriptMatcher()
        #expect(matcher.match(["game": "${g}"], ["game": "g-1"]) == nil)
        #expect(matcher.bindings["g"] == "g-1")
        #expect(matcher.match(["game": "${g}"], ["game": "g-1"]) == nil)
        #expect(matcher.match(["game": "${g}"], ["game": "g-2"]) != nil)
    }

    @Test func aFailedMatchBindsNothing() {
        var matcher = TranscriptMatcher()
        #expect(matcher.match(["a": "${x}", "b": 1], ["a": "bound?", "b": 2]) != nil)
        #expect(matcher.bindings["x"] == nil)
    }

    @Test func dollarDollarIsALiteralDollar() throws {
        var matcher = TranscriptMatcher()
        #expect(matcher.match(["text": "$$any"], ["text": "$any"]) == nil)
        #expect(matcher.match(["text": "$$any"], ["text": "anything"]) != nil)
        #expect(try matcher.substitute(["text": "$$any"]).get() == ["text": "$any"])
    }

    @Test func substitutionKeepsTheBoundType() throws {
        var matcher = TranscriptMatcher()
        matcher.bind("seq", to: 41)
        matcher.bind("game", to: "g-1")
        let sent = try matcher.substitute(["resume": ["lastSeq": "${seq}"], "game": "${game}", "list": ["${game}"]]).get()
        #expect(sent == ["resume": ["lastSeq": 41], "game": "g-1", "list": ["g-1"]])
        #expect(matcher.substitute(["x": "${unbound}"]).failure?.reason == "${unbound} is not bound yet")
        #expect(matcher.substitute(["x": "$int"]).failure != nil)
    }

    // MARK: Replay

    @Test func replayChecksThatSeqIsConsecutive() throws {
        let transcript = try Transcript.parse(
            """
            {"dir":"c2s","msg":{"t":"ping"}}
            {"dir":"s2c","msg":{"t":"ok","seq":"$int","cid":1}}
            {"dir":"s2c","msg":{"t":"ok","seq":"$int","cid":2}}
            """
        ).get()
        var replay = TranscriptReplay(transcript)
        #expect(replay.next() == .connect("a"))
        #expect(replay.next() == .send("a", Array(#"{"t":"ping"}"#.utf8)))
        #expect(replay.next() == .awaitMessage("a", line: 2))
        replay.received(["t": "ok", "seq": 5, "cid": 1], on: "a")
        #expect(replay.next() == .awaitMessage("a", line: 3))
        replay.received(["t": "ok", "seq": 7, "cid": 2], on: "a")
        guard case .failed(let failure) = replay.next() else { Issue.record("gap not noticed"); return }
        #expect(failure.line == 3 && failure.reason.contains("not consecutive"))
    }

    @Test func replaySkipsIgnoredTypesAndFailsOnOthers() throws {
        let transcript = try Transcript.parse(
            #"{"dir":"s2c","msg":{"t":"ok","cid":1}}"#
        ).get()
        var replay = TranscriptReplay(transcript)
        #expect(replay.next() == .connect("a"))
        #expect(replay.next() == .awaitMessage("a", line: 1))
        replay.received(["t": "lobby.event", "rev": 3], on: "a")
        #expect(replay.skipped == 1)
        #expect(replay.next() == .awaitMessage("a", line: 1))
        replay.received(["t": "chat"], on: "a")
        guard case .failed(let failure) = replay.next() else { Issue.record("unexpected chat accepted"); return }
        #expect(failure.reason.hasPrefix("chat does not match"))
    }

    @Test func replayFillsInTheLastSeqOfAConnection() throws {
        let transcript = try Transcript.parse(
            """
            {"dir":"ctl","conn":"b","op":"connect"}
            {"dir":"s2c","conn":"a","msg":{"t":"ok","seq":"$int"}}
            {"dir":"ctl","conn":"a","op":"drop"}
            {"dir":"c2s","conn":"a","msg":{"t":"hello","resume":{"lastSeq":"${a.lastSeq}"},"other":"${b.lastSeq}"}}
            """
        ).get()
        var replay = TranscriptReplay(transcript)
        #expect(replay.next() == .connect("b"))
        #expect(replay.next() == .connect("a"))
        #expect(replay.next() == .awaitMessage("a", line: 2))
        replay.received(["t": "ok", "seq": 12], on: "a")
        #expect(replay.next() == .drop("a"))
        #expect(replay.next() == .connect("a"))
        guard case .send("a", let bytes) = replay.next() else { Issue.record("no send"); return }
        #expect(try parse(bytes: bytes).get() == ["t": "hello", "resume": ["lastSeq": 12], "other": 0])
        #expect(replay.next() == .finished)
    }

    @Test func replayChecksTheCloseCode() throws {
        let transcript = try Transcript.parse(#"{"dir":"ctl","op":"expect_close","code":4001}"#).get()
        var good = TranscriptReplay(transcript)
        _ = good.next()
        #expect(good.next() == .awaitClose("a", line: 1))
        good.receivedClose(code: 4001, on: "a")
        #expect(good.next() == .finished)
        var bad = TranscriptReplay(transcript)
        _ = bad.next()
        _ = bad.next()
        bad.receivedClose(code: 1000, on: "a")
        guard case .failed = bad.next() else { Issue.record("wrong close code accepted"); return }
    }

    @Test func anUnexpectedCloseFailsTheReplay() throws {
        let transcript = try Transcript.parse(#"{"dir":"s2c","msg":{"t":"ok"}}"#).get()
        var replay = TranscriptReplay(transcript)
        _ = replay.next()
        _ = replay.next()
        replay.receivedClose(code: 1011, on: "a")
        guard case .failed(let failure) = replay.next() else { Issue.record("close accepted"); return }
        #expect(failure.reason.contains("1011"))
    }

    @Test func transcriptParserNamesTheBadLine() {
        let error = Transcript.parse("{\"dir\":\"c2s\",\"msg\":{\"t\":\"ping\"}}\n\n{\"dir\":\"sideways\"}").failure
        #expect(error == TranscriptError(line: 3, message: "dir must be \"c2s\", \"s2c\" or \"ctl\""))
        #expect(Transcript.parse("{\"dir\":\"s2c\",\"msg\":3}").failure?.message == "msg must be an object")
        #expect(Transcript.parse("{\"dir\":\"ctl\",\"op\":\"explode\"}").failure?.line == 1)
        #expect(Transcript.parse("not json").failure?.message.hasPrefix("not JSON") == true)
    }
}

extension Result {
    /// The error, when this is a failure.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

extension SessionLimits {
    /// The `welcome.limits` object as the server writes it.
    var encodedForTests: [UInt8] {
        var writer = JSONWriter()
        write(into: &writer)
        return writer.bytes
    }
}
