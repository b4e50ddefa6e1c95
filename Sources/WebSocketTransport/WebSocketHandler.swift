import WebSocket

/// The application side of WebSocket connections. All calls for a connection
/// come on that connection's event loop thread.
public protocol WebSocketHandler: AnyObject {
    /// The handshake completed; the connection may send.
    func connectionOpened(_ connection: WebSocketConnection)
    /// A complete text (valid UTF-8) or binary message. `payload` is valid
    /// only during the call: copy what must outlive it.
    func connection(_ connection: WebSocketConnection, received payload: UnsafeRawBufferPointer, opcode: Opcode)
    /// The connection is gone; `code` is the peer's close code, 1005 for an
    /// empty close, 1006 when it dropped without one. Called exactly once for
    /// every connection that opened.
    func connectionClosed(_ connection: WebSocketConnection, code: CloseCode)
    /// A client connection failed before opening (refused, TLS, handshake);
    /// servers never see this.
    func connectionFailed(_ connection: WebSocketConnection, error: WebSocketConnectionError)
    /// The peer's close frame arrived, with its code (nil when it had none)
    /// and reason; `connectionClosed` follows once the connection is gone.
    /// Optional: the connection keeps no reason itself (it would cost every
    /// connection a string), so a handler that wants it takes it here.
    func connection(_ connection: WebSocketConnection, receivedClose code: CloseCode?, reason: String)
}

extension WebSocketHandler {
    public func connectionFailed(_ connection: WebSocketConnection, error: WebSocketConnectionError) {}
    public func connection(_ connection: WebSocketConnection, receivedClose code: CloseCode?, reason: String) {}
}

/// Why a connection failed before the WebSocket opened.
public enum WebSocketConnectionError: Error, Sendable, CustomStringConvertible {
    case connect(String)
    case tls(String)
    case handshake(String)
    case timedOut
    case closedDuringHandshake

    public var description: String {
        switch self {
        case .connect(let why): "connect failed: \(why)"
        case .tls(let why): "TLS failed: \(why)"
        case .handshake(let why): "WebSocket handshake failed: \(why)"
        case .timedOut: "handshake timed out"
        case .closedDuringHandshake: "connection closed during the handshake"
        }
    }
}
