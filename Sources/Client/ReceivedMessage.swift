import Protocol

/// A message the server sent: decoded, with its `seq` and the JSON it arrived as.
///
/// `json` is kept so tests and tools can look at members the typed `message` does not carry
/// (the additive rule lets a newer server send more). It may hold chat text or a token: never log it.
public struct ReceivedMessage: Hashable, Sendable {
    /// The session sequence number; `nil` for unsequenced messages (`welcome`, `pong`, `redirect`,
    /// an `error` before `welcome`).
    public var seq: Int?
    /// The typed message.
    public var message: ServerMessage
    /// The whole message as parsed.
    public var json: JSONValue

    /// A received message with these parts.
    public init(seq: Int?, message: ServerMessage, json: JSONValue) {
        self.seq = seq
        self.message = message
        self.json = json
    }

    /// The message's `t`.
    public var type: String { message.type }

    /// The correlation id it answers, if any.
    public var cid: Int? { message.cid }

    /// The error, when this is an `error` message.
    public var error: ProtocolError? {
        if case .error(let error) = message { return error }
        return nil
    }
}

/// How a connection ended, as far as a client can tell.
public struct ConnectionClose: Hashable, Sendable, CustomStringConvertible {
    /// The code of the server's close frame (1005 when the frame had none); `nil` when the
    /// connection dropped without a close frame (what RFC 6455 reports as 1006).
    public var code: UInt16?
    /// The reason text of the close frame (empty when there was none).
    public var reason: String

    /// A close with this code and reason.
    public init(code: UInt16?, reason: String = "") {
        self.code = code
        self.reason = reason
    }

    /// The connection went away without a close frame (the network or the process died).
    public static let dropped = ConnectionClose(code: nil)

    /// What the spec says to do next (§8).
    public var advice: CloseCodes.Advice { CloseCodes.advice(for: code) }

    public var description: String {
        guard let code else { return "dropped without a close frame" }
        return reason.isEmpty ? "closed with \(code)" : "closed with \(code) (\(reason))"
    }
}

/// Something that happened on a client connection, in order.
public enum ClientEvent: Hashable, Sendable {
    /// A server message.
    case message(ReceivedMessage)
    /// A text the client could not read as a server message: bad JSON, a missing field, an unknown
    /// `t` (a newer server's type, to be skipped). `text` is the raw message; never log it.
    case undecodable(text: String, error: ProtocolError)
    /// The connection ended; nothing follows.
    case closed(ConnectionClose)

    /// The message, when this is one.
    public var message: ReceivedMessage? {
        if case .message(let message) = self { return message }
        return nil
    }
}
