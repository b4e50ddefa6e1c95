import HTTP
import WebSocket

/// Limits and timeouts of WebSocket connections. Every default is on and
/// chosen for a game server: small messages, many idle connections.
public struct WebSocketConfiguration: Sendable {
    /// Largest payload one frame may declare (close 1009 beyond it).
    public var maxFrameBytes = 1 << 20
    /// Largest message after reassembly and inflation (close 1009 beyond it).
    public var maxMessageBytes = 1 << 20
    /// Time allowed from accept (or connect) to an open WebSocket, TLS included.
    public var handshakeTimeout: Duration = .seconds(10)
    /// A connection silent for this long is sent a ping...
    public var pingInterval: Duration = .seconds(30)
    /// ...and one silent for this long (no frame at all, pongs included) is closed with 1001.
    public var idleTimeout: Duration = .seconds(75)
    /// How long to wait for the peer's close frame (or, for a client, for the
    /// server to close TCP) after ours before dropping the connection.
    public var closeTimeout: Duration = .seconds(5)
    /// Stop reading from a connection while this many bytes wait to be sent
    /// to it (back-pressure: a client that does not read cannot make us buffer its echoes).
    public var pauseReadingQueuedBytes = 256 * 1024
    /// Drop a connection with more than this many bytes waiting to be sent to
    /// it (a slow consumer of server pushes).
    public var maxQueuedBytes = 4 << 20
    /// Limits on the HTTP request or response head of the handshake.
    public var httpLimits = HTTPLimits()

    public init() {}
}
