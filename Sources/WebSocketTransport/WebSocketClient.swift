import HTTP
import Reactor
import WebSocket

/// A `ws://` or `wss://` URL, split into what the client needs.
public struct WebSocketURL: Sendable, Equatable, CustomStringConvertible {
    public var secure: Bool
    public var host: String
    public var port: Int
    /// Path and query, e.g. `/play?x=1`.
    public var path: String

    /// Parses `ws://host[:port][/path]` or `wss://...`; nil when malformed.
    public init?(_ text: String) {
        let secure: Bool
        let rest: Substring
        if text.hasPrefix("ws://") {
            secure = false
            rest = text.dropFirst(5)
        } else if text.hasPrefix("wss://") {
            secure = true
            rest = text.dropFirst(6)
        } else {
            return nil
        }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        path = slash < rest.endIndex ? String(rest[slash...]) : "/"
        var host = Substring(authority)
        var port = secure ? 443 : 80
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") {
                guard let parsed = Int(after.dropFirst()) else { return nil }
                port = parsed
            } else if !after.isEmpty {
                return nil
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            guard let parsed = Int(authority[authority.index(after: colon)...]) else { return nil }
            port = parsed
        }
        guard !host.isEmpty, (1...65535).contains(port) else { return nil }
        self.secure = secure
        self.host = String(host)
        self.port = port
    }

    /// The Host header value.
    public var hostHeader: String {
        let bracketed = host.contains(":") ? "[\(host)]" : host
        let defaultPort = secure ? 443 : 80
        return port == defaultPort ? bracketed : "\(bracketed):\(port)"
    }

    public var description: String { "\(secure ? "wss" : "ws")://\(hostHeader)\(path)" }
}

/// Settings of an outgoing WebSocket connection.
public struct WebSocketClientConfiguration: Sendable {
    public var connection = WebSocketConfiguration()
    public var subprotocols: [String] = []
    public var origin: String?
    /// Offer permessage-deflate with these options; nil offers nothing.
    public var deflate: PerMessageDeflateOptions?
    /// Required for `wss://` URLs.
    public var tls: TLSContext?

    public init() {}
}

/// Opens client connections on the same event loops and codec as the server.
public enum WebSocketClient {
    /// Starts connecting; must be called on `loop`'s thread. The handler hears
    /// `connectionOpened`, or `connectionFailed` if it never opens.
    @discardableResult
    public static func connect(
        to url: WebSocketURL, configuration: WebSocketClientConfiguration, on loop: EventLoop,
        handler: WebSocketHandler
    ) throws -> WebSocketConnection {
        let address = try SocketAddress(host: url.host, port: url.port)
        let (socket, connected) = try TCPSocket.connect(to: address)
        let transport: Transport
        if url.secure {
            guard let tls = configuration.tls else {
                socket.close()
                throw WebSocketConnectionError.tls("wss:// needs a TLS client context")
            }
            do {
                transport = .tls(socket, try TLSSession(context: tls, fileDescriptor: socket.fd, serverName: url.host))
            } catch {
                socket.close()
                throw WebSocketConnectionError.tls(error.description)
            }
        } else {
            transport = .plain(socket)
        }
        let context = ConnectionContext(
            loop: loop, configuration: configuration.connection, handler: handler,
            handshake: ServerHandshakeOptions(deflate: configuration.deflate), tls: configuration.tls)
        let connection = WebSocketConnection(
            context: context, role: .client, transport: transport, phase: .connecting)
        var nonce = [UInt8](repeating: 0, count: 16)
        for index in 0..<4 {
            let word = context.maskingKeys.next()
            for byte in 0..<4 { nonce[index * 4 + byte] = UInt8(truncatingIfNeeded: word >> (8 * UInt32(byte))) }
        }
        connection.handshake = HandshakeState(client: ClientHandshake(
            host: url.hostHeader, path: url.path, nonce: nonce, subprotocols: configuration.subprotocols,
            origin: configuration.origin, deflate: configuration.deflate))
        // Even when loopback connected at once, the first writable event
        // finishes the connect, so both paths run the same code.
        _ = connected
        try connection.start(initialInterest: .writable)
        return connection
    }
}
