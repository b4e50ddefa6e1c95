/// Parses HTTP/1.1 response heads (client role: the reply to a WebSocket upgrade) from bytes fed as they
/// arrive, in any split down to one byte at a time.
///
/// It shares the request parser's line and field rules and limits (the status line is held to
/// `maxRequestLineBytes`), and checks Content-Length; Transfer-Encoding is left to the caller, which for a
/// WebSocket client fails the handshake on anything but 101 anyway.
public struct HTTPResponseParser: Sendable {
    private var head: HTTPHeadParser<HTTPStatusLine>

    /// The limits this parser enforces.
    public var limits: HTTPLimits { head.limits }

    public init(limits: HTTPLimits = HTTPLimits()) {
        head = HTTPHeadParser(limits: limits)
    }

    /// Takes the next bytes of the stream. Returns `.complete` as soon as the head ends, leaving the bytes after
    /// `consumed` untouched: after a 101 they are the first WebSocket frames.
    public mutating func parse(_ bytes: UnsafeRawBufferPointer) -> HTTPResponseParseResult {
        switch head.parse(bytes) {
        case .needMoreBytes:
            return .needMoreBytes
        case .failed(let error):
            return .failed(error)
        case .complete(let line, let headers, let consumed):
            do throws(HTTPParseError) {
                _ = try HTTPMessageFraming.contentLength(in: headers)
            } catch {
                _ = head.fail(error)
                return .failed(error)
            }
            let response = HTTPResponseHead(
                status: line.status, reason: line.reason, versionMinor: line.versionMinor, headers: headers
            )
            return .complete(response, consumed: consumed)
        }
    }

    /// `parse` for bytes in an array.
    public mutating func parse(_ bytes: [UInt8]) -> HTTPResponseParseResult {
        bytes.withUnsafeBytes { parse($0) }
    }
}
