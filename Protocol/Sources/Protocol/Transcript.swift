/// A conversation between clients and a server, one JSON object per line (`examples/*.jsonl`):
///
///     {"dir":"c2s","conn":"a","msg":{"t":"ping","cid":7}}
///     {"dir":"s2c","conn":"a","msg":{"t":"pong","cid":7,"at":"$int"}}
///     {"dir":"ctl","conn":"a","op":"drop"}
///
/// - `dir`: `c2s` (a client sends `msg`, or the text `raw` verbatim), `s2c` (the server sends a
///   message that `msg` matches, see `TranscriptMatcher`), or `ctl` (the client does `op`:
///   `connect`, `drop` (vanish without a close frame), `close` (close 1000), or `expect_close`
///   (the server closes, with `code` when given)).
/// - `conn`: which client connection; `"a"` when left out. A connection opens on first use.
/// - `note`: free text for readers, ignored.
///
/// Blank lines are skipped.
public struct Transcript: Hashable, Sendable {
    /// Who acts on a line.
    public enum Direction: String, Hashable, Sendable {
        /// The client sends.
        case clientToServer = "c2s"
        /// The server sends.
        case serverToClient = "s2c"
        /// The client opens or closes a connection, or awaits the server's close.
        case control = "ctl"
    }

    /// What a control line does.
    public enum Control: Hashable, Sendable {
        /// Open a WebSocket (`/ws`, subprotocol `roost.v1`).
        case connect
        /// Drop the TCP connection without a close frame (a network failure).
        case drop
        /// Close normally (1000).
        case close
        /// Await the server's close frame, with this code when given.
        case expectClose(code: UInt16?)
    }

    /// One line.
    public struct Line: Hashable, Sendable {
        /// The line number in the file, from 1.
        public var number: Int
        /// Who acts.
        public var direction: Direction
        /// The connection's name.
        public var connection: String
        /// For `c2s` and `s2c`: the message (for `s2c`, a pattern); `nil` for `ctl` and raw lines.
        public var message: JSONValue?
        /// For `c2s`: text sent as is instead of `message` (to show how bad input is answered).
        public var raw: String?
        /// For `ctl`: what to do.
        public var control: Control?
    }

    /// The lines in order.
    public var lines: [Line]

    /// Parses JSON Lines text.
    public static func parse(_ text: String) -> Result<Transcript, TranscriptError> {
        var lines: [Line] = []
        var number = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            if rawLine.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { continue }
            switch parseLine(String(rawLine), number: number) {
            case .success(let line): lines.append(line)
            case .failure(let error): return .failure(error)
            }
        }
        return .success(Transcript(lines: lines))
    }

    static func parseLine(_ text: String, number: Int) -> Result<Line, TranscriptError> {
        func fail(_ message: String) -> Result<Line, TranscriptError> {
            .failure(TranscriptError(line: number, message: message))
        }
        let object: JSONObject
        switch JSONParser.parse(text, limits: JSONParser.Limits(maxBytes: 1 << 20, maxDepth: 64)) {
        case .success(.object(let parsed)): object = parsed
        case .success: return fail("a line must be a JSON object")
        case .failure(let error): return fail("not JSON: \(error)")
        }
        guard let directionName = object["dir"]?.stringValue, let direction = Direction(rawValue: directionName) else {
            return fail("dir must be \"c2s\", \"s2c\" or \"ctl\"")
        }
        var line = Line(number: number, direction: direction, connection: "a")
        if let connection = object["conn"] {
            guard let name = connection.stringValue, !name.isEmpty, !name.contains(".") else {
                return fail("conn must be a non-empty string without dots")
            }
            line.connection = name
        }
        switch direction {
        case .clientToServer, .serverToClient:
            if direction == .clientToServer, let raw = object["raw"] {
                guard let text = raw.stringValue else { return fail("raw must be a string") }
                line.raw = text
            } else {
                guard let message = object["msg"], message.objectValue != nil else { return fail("msg must be an object") }
                line.message = message
            }
        case .control:
            switch object["op"]?.stringValue {
            case "connect": line.control = .connect
            case "drop": line.control = .drop
            case "close": line.control = .close
            case "expect_close":
                var code: UInt16? = nil
                if let value = object["code"] {
                    guard let number = value.intValue, let exact = UInt16(exactly: number) else {
                        return fail("code must be a close code")
                    }
                    code = exact
                }
                line.control = .expectClose(code: code)
            default: return fail("op must be connect, drop, close or expect_close")
            }
        }
        return .success(line)
    }

    /// The connection names in order of first use.
    public var connections: [String] {
        var names: [String] = []
        for line in lines where !names.contains(line.connection) { names.append(line.connection) }
        return names
    }
}

/// A transcript file that could not be read.
public struct TranscriptError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The line number, from 1.
    public var line: Int
    /// What is wrong with it.
    public var message: String

    public var description: String { "line \(line): \(message)" }
}
