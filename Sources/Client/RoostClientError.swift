import Protocol

/// Why a client call did not get what it waited for.
public enum RoostClientError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The server address is not a usable WebSocket URL.
    case invalidURL(String)
    /// The WebSocket did not open: refused, TLS, or the server declined the handshake.
    case connectFailed(String)
    /// Nothing matching arrived in time; `waitingFor` says what was awaited.
    case timedOut(waitingFor: String)
    /// The connection ended while waiting.
    case closed(ConnectionClose)
    /// The server answered with an error.
    case refused(ProtocolError)
    /// The server answered with a message of another type than expected.
    case unexpectedReply(expected: String, received: String)

    /// The explanation without the "could not connect" prefix, for `.connectFailed`.
    var reason: String {
        if case .connectFailed(let why) = self { return why }
        return description
    }

    public var description: String {
        switch self {
        case .invalidURL(let text): "invalid server URL: \(text)"
        case .connectFailed(let why): "could not connect: \(why)"
        case .timedOut(let what): "timed out waiting for \(what)"
        case .closed(let close): "connection \(close)"
        case .refused(let error): "server refused: \(error)"
        case .unexpectedReply(let expected, let received): "expected \(expected), received \(received)"
        }
    }
}
