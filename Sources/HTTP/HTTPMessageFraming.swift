/// Header rules that decide where a message ends and whether a request may be served (RFC 9112 §3.2, §6).
enum HTTPMessageFraming {
    /// Digits beyond this could overflow an `Int`; no real body is that large.
    private static let maxContentLengthDigits = 18

    /// The Content-Length, nil when absent.
    ///
    /// Several fields, or a comma-separated list, are accepted only when every value is the same number
    /// (RFC 9112 §6.3 item 5); anything else is an error, since a peer that disagrees on the body's length
    /// can smuggle a request after it.
    static func contentLength(in headers: HTTPHeaders) throws(HTTPParseError) -> Int? {
        var length: Int?
        for field in headers where HTTPHeaders.name(field.name, matches: "Content-Length") {
            for element in field.value.utf8.split(separator: ASCII.comma, omittingEmptySubsequences: false) {
                let digits = trimmingWhitespace(element)
                guard !digits.isEmpty, digits.count <= maxContentLengthDigits, digits.allSatisfy(ASCII.isDigit)
                else { throw .invalidContentLength }
                let value = digits.reduce(0) { $0 * 10 + Int($1 - ASCII.zero) }
                if let length, length != value { throw .conflictingContentLength }
                length = value
            }
        }
        return length
    }

    /// Checks what a server needs before serving a request head: no Transfer-Encoding (Roost reads no chunked
    /// bodies; RFC 9112 §6.1 suggests 501), a valid Content-Length, and exactly one Host on HTTP/1.1
    /// (at most one on HTTP/1.0), which RFC 9112 §3.2 requires a server to enforce with 400.
    static func validateRequest(versionMinor: Int, headers: HTTPHeaders) throws(HTTPParseError) {
        var hostCount = 0
        var hasContentLength = false
        for field in headers {
            if HTTPHeaders.name(field.name, matches: "Transfer-Encoding") { throw .unsupportedTransferEncoding }
            if HTTPHeaders.name(field.name, matches: "Host") { hostCount += 1 }
            if HTTPHeaders.name(field.name, matches: "Content-Length") { hasContentLength = true }
        }
        if hasContentLength { _ = try contentLength(in: headers) }
        switch hostCount {
        case 0 where versionMinor >= 1: throw .missingHost
        case 0, 1: break
        default: throw .multipleHosts
        }
    }

    private static func trimmingWhitespace(_ bytes: Substring.UTF8View) -> Substring.UTF8View {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end && ASCII.isWhitespace(bytes[start]) { start = bytes.index(after: start) }
        while end > start && ASCII.isWhitespace(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        return bytes[start..<end]
    }
}
