import Protocol
import Reactor
import WebSocket
import WebSocketTransport

/// How a client opens its WebSocket. The defaults are what a Roost client should use.
public struct ConnectionOptions: Sendable {
    /// The subprotocols offered; `roost.v1` by default. Tests may offer others or none.
    public var subprotocols: [String] = [ProtocolVersion.subprotocol]
    /// An `Origin` header to send, for servers that check it.
    public var origin: String?
    /// Offer permessage-deflate with these options; `nil` (the default) offers nothing.
    public var deflate: PerMessageDeflateOptions?
    /// The TLS context for `wss://` URLs; `nil` verifies servers against the system's roots.
    public var tls: TLSContext?
    /// The largest server message read, in bytes (a lobby snapshot can be large). Default 4 MiB.
    public var maxMessageBytes = ServerMessage.defaultMaxClientReadBytes
    /// Time allowed from TCP connect to an open WebSocket. Default 10 s.
    public var handshakeTimeout: Duration = .seconds(10)

    /// The defaults.
    public init() {}

    /// The transport configuration for a connection to `url`.
    func clientConfiguration(for url: WebSocketURL) throws(RoostClientError) -> WebSocketClientConfiguration {
        var configuration = WebSocketClientConfiguration()
        configuration.subprotocols = subprotocols
        configuration.origin = origin
        configuration.deflate = deflate
        configuration.connection.maxFrameBytes = maxMessageBytes
        configuration.connection.maxMessageBytes = maxMessageBytes
        configuration.connection.handshakeTimeout = handshakeTimeout
        if url.secure {
            do {
                configuration.tls = try tls ?? TLSContext.client(trustRootsPath: nil)
            } catch {
                throw .connectFailed("\(url): \(error)")
            }
        }
        return configuration
    }
}
