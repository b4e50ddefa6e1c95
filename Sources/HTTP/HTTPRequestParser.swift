/// Parses HTTP/1.1 request heads from bytes fed as they arrive, in any split down to one byte at a time.
///
/// The outcome depends only on the bytes, never on how they were split; limits hold at the byte where they are
/// crossed, and between calls the parser keeps only the lines parsed so far and one partial line.
///
/// Choices within RFC 9112, each guarded by tests:
/// - Lines end in CRLF only: a bare LF or bare CR fails (§2.2 permits accepting bare LF; mixed readings of line
///   endings between a proxy and a server are how requests get smuggled).
/// - Empty lines before the request line are skipped (§2.2), as many as fit in `maxHeaderBytes`.
/// - obs-fold and whitespace before the first field fail (§5.2, §2.2); so does whitespace before a colon (§5.1).
/// - Transfer-Encoding fails with 501; Roost reads no request bodies and will not guess their framing.
/// - HTTP/1.1 needs exactly one Host (§3.2); HTTP/1.x with x > 1 is read as 1.1 (RFC 9110 §2.5).
public struct HTTPRequestParser: Sendable {
    private var head: HTTPHeadParser<HTTPRequestLine>

    /// The limits this parser enforces.
    public var limits: HTTPLimits { head.limits }

    public init(limits: HTTPLimits = HTTPLimits()) {
        head = HTTPHeadParser(limits: limits)
    }

    /// Takes the next bytes of the stream. Returns `.complete` as soon as a head ends, leaving the bytes after
    /// `consumed` untouched; feed those (and later ones) to parse the next head.
    public mutating func parse(_ bytes: UnsafeRawBufferPointer) -> HTTPParseResult {
        switch head.parse(bytes) {
        case .needMoreBytes:
            return .needMoreBytes
        case .failed(let error):
            return .failed(error)
        case .complete(let line, let headers, let consumed):
            do throws(HTTPParseError) {
                try HTTPMessageFraming.validateRequest(versionMinor: line.versionMinor, headers: headers)
            } catch {
                _ = head.fail(error)
                return .failed(error)
            }
            let request = HTTPRequestHead(
                method: line.method, target: line.target, versionMinor: line.versionMinor, headers: headers
            )
            return .complete(request, consumed: consumed)
        }
    }

    /// `parse` for bytes in an array.
    public mutating func parse(_ bytes: [UInt8]) -> HTTPParseResult {
        bytes.withUnsafeBytes { parse($0) }
    }
}
