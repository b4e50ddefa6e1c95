/// What `HTTPRequestParser.parse` found in the bytes it was given.
public enum HTTPParseResult: Equatable, Sendable {
    /// Every byte was taken and kept; the head goes on in the next bytes.
    case needMoreBytes
    /// The head ended after `consumed` bytes of this call's input; the bytes after them belong to what follows
    /// (a body of `contentLength` bytes, the next request, or WebSocket frames). The parser is ready for the
    /// next head.
    case complete(HTTPRequestHead, consumed: Int)
    /// The head is invalid; answer `error.status` and close. Later calls keep returning this failure.
    case failed(HTTPParseError)
}

/// What `HTTPResponseParser.parse` found in the bytes it was given.
public enum HTTPResponseParseResult: Equatable, Sendable {
    /// Every byte was taken and kept; the head goes on in the next bytes.
    case needMoreBytes
    /// The head ended after `consumed` bytes of this call's input; the bytes after them belong to what follows
    /// (a body or, after 101, WebSocket frames).
    case complete(HTTPResponseHead, consumed: Int)
    /// The head is invalid; close the connection. Later calls keep returning this failure.
    case failed(HTTPParseError)
}
