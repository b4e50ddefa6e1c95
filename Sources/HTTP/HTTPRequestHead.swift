/// A request's start line and header fields: what the server routes on, and what a client sends.
public struct HTTPRequestHead: Sendable, Equatable {
    /// The method as received, e.g. `GET`; methods are case-sensitive (RFC 9110 §9.1).
    public var method: String
    /// The request target as received: usually origin-form (`/path?query`).
    public var target: String
    /// 1 for HTTP/1.1, 0 for HTTP/1.0.
    public var versionMinor: Int
    /// The header fields in the order received.
    public var headers: HTTPHeaders

    public init(method: String, target: String, versionMinor: Int = 1, headers: HTTPHeaders = HTTPHeaders()) {
        self.method = method
        self.target = target
        self.versionMinor = versionMinor
        self.headers = headers
    }

    /// The body's length from Content-Length, nil when absent or invalid (the parser rejects invalid ones).
    /// The body, if any, is the `contentLength` bytes after the head; this module does not read it.
    public var contentLength: Int? {
        (try? HTTPMessageFraming.contentLength(in: headers)) ?? nil
    }

    /// Whether the connection stays open after the response: HTTP/1.1 unless `Connection: close`,
    /// HTTP/1.0 only with `Connection: keep-alive` (RFC 9112 §9.3).
    public var isKeepAlive: Bool {
        if versionMinor >= 1 {
            return !headers.containsToken("close", in: "Connection")
        }
        return headers.containsToken("keep-alive", in: "Connection")
    }
}
