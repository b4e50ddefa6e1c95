/// The parsed status line of a response, `HTTP-version SP status-code SP [reason-phrase]` (RFC 9112 §4).
struct HTTPStatusLine: HTTPStartLine {
    var versionMinor: Int
    var status: Int
    var reason: String

    /// Parses a status line without its CRLF.
    ///
    /// The SP before an empty reason is optional here: RFC 9112 §4 requires it, but servers omit it and a
    /// client ignores the reason anyway.
    static func parse(_ line: UnsafeRawBufferPointer) throws(HTTPParseError) -> HTTPStatusLine {
        guard line.count >= 12, line[8] == ASCII.space else { throw .malformedStatusLine }
        let versionMinor = try HTTPVersion.parseMinor(line[..<8])
        let code = line[9..<12]
        guard code.allSatisfy(ASCII.isDigit) else { throw .invalidStatusCode }
        let status = code.reduce(0) { $0 * 10 + Int($1 - ASCII.zero) }
        guard (100...599).contains(status) else { throw .invalidStatusCode }
        var reason = line[12...]
        if let separator = reason.first {
            guard separator == ASCII.space else { throw .malformedStatusLine }
            reason = reason.dropFirst()
        }
        guard reason.allSatisfy(ASCII.isFieldValueByte) else { throw .malformedStatusLine }
        return HTTPStatusLine(
            versionMinor: versionMinor,
            status: status,
            reason: String(decoding: reason, as: UTF8.self)
        )
    }

    static var tooLong: HTTPParseError { .statusLineTooLong }
}
