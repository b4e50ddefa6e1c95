/// A received response's status line and header fields (client role, e.g. the WebSocket handshake reply).
public struct HTTPResponseHead: Sendable, Equatable {
    /// The status code, 100–599.
    public var status: Int
    /// The reason phrase as received; may be empty.
    public var reason: String
    /// 1 for HTTP/1.1, 0 for HTTP/1.0.
    public var versionMinor: Int
    /// The header fields in the order received.
    public var headers: HTTPHeaders

    public init(status: Int, reason: String, versionMinor: Int = 1, headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.reason = reason
        self.versionMinor = versionMinor
        self.headers = headers
    }

    /// The body's length from Content-Length, nil when absent or invalid (the parser rejects invalid ones).
    public var contentLength: Int? {
        (try? HTTPMessageFraming.contentLength(in: headers)) ?? nil
    }
}
