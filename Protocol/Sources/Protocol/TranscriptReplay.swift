/// Replays a `Transcript` against a server: a pure state machine that says what to do next
/// (open, send, drop, await) and checks what the server sent. The caller does the I/O.
///
/// The caller's loop:
///
///     var replay = TranscriptReplay(transcript)
///     loop: while true {
///         switch replay.next() {
///         case .connect(let c): open(c)                     // a WebSocket to /ws, subprotocol roost.v1
///         case .send(let c, let text): write(c, text)
///         case .drop(let c): abort(c)                        // and forget c's unread messages
///         case .close(let c): close(c)
///         case .awaitMessage(let c, _): replay.received(readNextText(c), on: c)   // or receivedClose
///         case .awaitClose(let c, _): replay.receivedClose(code: readClose(c), on: c)
///         case .finished: break loop
///         case .failed(let failure): report(failure); break loop
///         }
///     }
///
/// Besides matching each `s2c` line (see `TranscriptMatcher`), the replay checks that every
/// connection's `seq` values are consecutive, and skips a message that does not match when its
/// `t` is in `ignoring` (by default `lobby.event`: other clients of a shared server cause those).
/// In a `c2s` message, `"${<conn>.lastSeq}"` stands for the last `seq` received on `<conn>`
/// (0 if none), which is what a client puts in `hello.resume.lastSeq`.
public struct TranscriptReplay: Sendable {
    /// What the caller should do next.
    public enum Directive: Hashable, Sendable {
        /// Open a WebSocket for this connection name.
        case connect(String)
        /// Send this text message on the connection.
        case send(String, [UInt8])
        /// Drop the connection without a close frame, discarding what it has not delivered.
        case drop(String)
        /// Close the connection normally (1000).
        case close(String)
        /// Deliver the connection's next text message with `received(_:on:)` (`line` is what it must match).
        case awaitMessage(String, line: Int)
        /// Deliver the connection's close with `receivedClose(code:on:)`.
        case awaitClose(String, line: Int)
        /// Every line was played.
        case finished
        /// The server did not behave as the transcript says.
        case failed(TranscriptFailure)
    }

    /// Message types skipped when they do not match, unless the caller says otherwise.
    public static let defaultIgnored: Set<String> = [ServerMessage.MessageType.lobbyEvent]

    let transcript: Transcript
    let ignoring: Set<String>
    var position = 0
    /// The bindings made so far.
    public private(set) var matcher = TranscriptMatcher()
    var open: Set<String> = []
    /// The last `seq` received per connection name (kept across reconnects, as a client keeps it).
    public private(set) var lastSeq: [String: Int] = [:]
    /// The last `seq` received on the connection's current socket, for the gap check.
    var socketSeq: [String: Int] = [:]
    var failure: TranscriptFailure?
    /// How many unmatched messages were skipped because their type is ignored.
    public private(set) var skipped = 0

    /// A replay of `transcript` from its first line.
    public init(_ transcript: Transcript, ignoring: Set<String> = defaultIgnored) {
        self.transcript = transcript
        self.ignoring = ignoring
    }

    /// The next thing to do; call again after doing it (after delivering, for the await directives).
    public mutating func next() -> Directive {
        if let failure { return .failed(failure) }
        guard position < transcript.lines.count else { return .finished }
        let line = transcript.lines[position]
        let connection = line.connection
        if !open.contains(connection) && line.control != .connect {
            open.insert(connection)
            socketSeq[connection] = nil
            return .connect(connection)
        }
        switch line.direction {
        case .control:
            position += 1
            switch line.control! {
            case .connect:
                open.insert(connection)
                socketSeq[connection] = nil
                return .connect(connection)
            case .drop:
                open.remove(connection)
                return .drop(connection)
            case .close:
                open.remove(connection)
                return .close(connection)
            case .expectClose:
                position -= 1  // stays until the close is delivered
                return .awaitClose(connection, line: line.number)
            }
        case .clientToServer:
            position += 1
            if let raw = line.raw { return .send(connection, Array(raw.utf8)) }
            var local = matcher
            for (name, seq) in lastSeq { local.bind("\(name).lastSeq", to: .int(Int64(seq))) }
            for name in transcript.connections where lastSeq[name] == nil { local.bind("\(name).lastSeq", to: .int(0)) }
            switch local.substitute(line.message!) {
            case .success(let message): return .send(connection, JSONWriter.encode(message))
            case .failure(let mismatch): return fail(line, "cannot send: \(mismatch)")
            }
        case .serverToClient:
            return .awaitMessage(connection, line: line.number)
        }
    }

    /// Delivers the next text message the server sent on `connection` (bytes as received).
    public mutating func received(_ text: [UInt8], on connection: String) {
        switch JSONParser.parse(text, limits: JSONParser.Limits(maxBytes: .max, maxDepth: 512)) {
        case .success(let message): received(message, on: connection)
        case .failure(let error):
            guard let line = currentLine else { return }
            failure = TranscriptFailure(line: line.number, connection: connection, reason: "server sent invalid JSON: \(error)")
        }
    }

    /// Delivers the next message the server sent on `connection`.
    public mutating func received(_ message: JSONValue, on connection: String) {
        guard failure == nil, let line = currentLine else { return }
        precondition(
            line.direction == .serverToClient && line.connection == connection,
            "received(_:on:) is for the connection of an awaitMessage directive")
        if let seq = message["seq"]?.intValue {
            if let previous = socketSeq[connection], seq != Int64(previous) + 1 {
                failure = TranscriptFailure(
                    line: line.number, connection: connection, reason: "seq \(seq) after \(previous): not consecutive")
                return
            }
            socketSeq[connection] = Int(seq)
            lastSeq[connection] = Int(seq)
        }
        if let mismatch = matcher.match(line.message!, message) {
            if let type = message["t"]?.stringValue, ignoring.contains(type) {
                skipped += 1
                return
            }
            let type = message["t"]?.stringValue ?? "?"
            failure = TranscriptFailure(
                line: line.number, connection: connection, reason: "\(type) does not match: \(mismatch)")
            return
        }
        position += 1
    }

    /// Delivers the server's close of `connection` (`nil`: closed without a close frame).
    public mutating func receivedClose(code: UInt16?, on connection: String) {
        guard failure == nil, let line = currentLine else { return }
        open.remove(connection)
        if line.connection == connection, case .expectClose(let expected) = line.control {
            if let expected, code != expected {
                failure = TranscriptFailure(
                    line: line.number, connection: connection,
                    reason: "closed with \(code.map(String.init) ?? "no code"), expected \(expected)")
            } else {
                position += 1
            }
            return
        }
        failure = TranscriptFailure(
            line: line.number, connection: connection,
            reason: "server closed the connection (\(code.map(String.init) ?? "no code")) unexpectedly")
    }

    var currentLine: Transcript.Line? {
        position < transcript.lines.count ? transcript.lines[position] : nil
    }

    mutating func fail(_ line: Transcript.Line, _ reason: String) -> Directive {
        let failure = TranscriptFailure(line: line.number, connection: line.connection, reason: reason)
        self.failure = failure
        return .failed(failure)
    }
}

/// Why a replay failed: the transcript line, its connection and what went wrong.
public struct TranscriptFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// The line number in the transcript, from 1.
    public var line: Int
    /// The connection name.
    public var connection: String
    /// What went wrong.
    public var reason: String

    public var description: String { "line \(line) (\(connection)): \(reason)" }
}
