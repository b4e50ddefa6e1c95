/// One header field line, `field-name ":" OWS field-value OWS` (RFC 9112 §5).
enum HTTPFieldLine {
    /// Parses a field line without its CRLF into a name as written and a value without surrounding whitespace.
    ///
    /// A value may hold obs-text (bytes 0x80–0xFF, RFC 9110 §5.5); it is decoded as UTF-8, invalid sequences
    /// becoming U+FFFD.
    static func parse(_ line: UnsafeRawBufferPointer) throws(HTTPParseError) -> HTTPHeaders.Element {
        if let first = line.first, ASCII.isWhitespace(first) { throw .obsoleteLineFolding }
        // One pass over the name; the colon search below runs only for a line that is already bad.
        var colon = 0
        while colon < line.count && ASCII.isTokenByte(line[colon]) { colon += 1 }
        guard colon < line.count && line[colon] == ASCII.colon else {
            guard let actualColon = line.firstIndex(of: ASCII.colon) else { throw .malformedHeader }
            if actualColon > 0 && ASCII.isWhitespace(line[actualColon - 1]) { throw .whitespaceBeforeColon }
            throw .invalidHeaderName
        }
        guard colon > 0 else { throw .invalidHeaderName }
        let name = line[..<colon]

        var valueStart = colon + 1
        var valueEnd = line.count
        while valueStart < valueEnd && ASCII.isWhitespace(line[valueStart]) { valueStart += 1 }
        while valueEnd > valueStart && ASCII.isWhitespace(line[valueEnd - 1]) { valueEnd -= 1 }
        guard ASCII.allFieldValueBytes(in: line, from: valueStart, to: valueEnd) else { throw .invalidHeaderValue }
        let value = line[valueStart..<valueEnd]
        return (name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self))
    }
}
