/// A response to send: status, header fields and a body held in memory.
public struct HTTPResponse: Sendable, Equatable {
    public var status: HTTPStatus
    /// Header fields written in order. Content-Length is added on writing unless present or forbidden.
    public var headers: HTTPHeaders
    /// The content; must be empty for 1xx, 204 and 304.
    public var body: [UInt8]

    public init(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A `text/plain; charset=utf-8` response with `body`.
    public static func text(_ status: HTTPStatus, _ body: String) -> HTTPResponse {
        HTTPResponse(
            status: status,
            headers: ["Content-Type": "text/plain; charset=utf-8"],
            body: Array(body.utf8)
        )
    }

    /// The answer to a request head that failed to parse: the error's status, its reason as text, and
    /// `Connection: close`, since the stream cannot be trusted past a bad head.
    public init(rejecting error: HTTPParseError) {
        self = .text(error.status, error.reason + "\n")
        headers.add(name: "Connection", value: "close")
    }
}
