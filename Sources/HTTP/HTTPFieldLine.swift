/// One header field line, `field-name ":" OWS field-value OWS` (RFC 9112 §5).
enum HTTPFieldLine {
    /// Parses a field line without its CRLF into a name as written and a value without surrounding whitespace.
    ///
    /// A value may hold obs-text (bytes 0x80–0xFF, RFC 9110 §5.5); it is decoded as UTF-8, invalid sequences
    /// becoming U+FFFD.
    static func parse(_ line: UnsafeRawBufferPointer) throws(HTTPParseError) -> HTTPHeaders.Element {
        if let first = line.first, ASCII.isWhitespace(first) { throw .obsoleteLineFolding }
        guard let colon = line.firstIndex(of: ASCII.colon) else { throw .malformedHeader }
        let name = line[..<colon]
        guard let last = name.last else { throw .invalidHeaderName }
        if ASCII.isWhitespace(last) { throw .whitespaceBeforeColon }
        guard name.allSatisfy(ASCII.isTokenByte) else { throw .invalidHeaderName }

        var valueStart = colon + 1
        var valueEnd = line.count
        while valueStart < valueEnd && ASCII.isWhitespace(line[valueStart]) { valueStart += 1 }
        while valueEnd > valueStart && ASCII.isWhitespace(line[valueEnd - 1]) { valueEnd -= 1 }
        let value = line[valueStart..<valueEnd]
        guard value.allSatisfy(ASCII.isFieldValueByte) else { throw .invalidHeaderValue }
        return (name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self))
    }
}
