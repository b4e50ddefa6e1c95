/// Appends the pieces of an HTTP/1.1 head to a byte buffer.
///
/// Field values and reason phrases are written with every control character but HTAB replaced by SP, so a value
/// carrying user input cannot end the line and inject fields (RFC 9110 §5.5 lets a recipient do the same with
/// CR, LF and NUL). Field names are programmer-chosen and must be tokens.
enum HTTPHeadWriter {
    static func appendVersion(minor: Int, to buffer: inout [UInt8]) {
        precondition(minor == 0 || minor == 1, "only HTTP/1.0 and HTTP/1.1 can be written")
        buffer.append(contentsOf: minor == 1 ? "HTTP/1.1".utf8 : "HTTP/1.0".utf8)
    }

    static func appendFields(_ headers: HTTPHeaders, to buffer: inout [UInt8]) {
        for field in headers {
            appendField(name: field.name, value: field.value, to: &buffer)
        }
    }

    static func appendField(name: String, value: String, to buffer: inout [UInt8]) {
        precondition(ASCII.isToken(name.utf8), "an HTTP field name must be a non-empty RFC 9110 token")
        buffer.append(contentsOf: name.utf8)
        buffer.append(ASCII.colon)
        buffer.append(ASCII.space)
        appendSanitized(value, to: &buffer)
        appendLineEnd(to: &buffer)
    }

    static func appendSanitized(_ text: String, to buffer: inout [UInt8]) {
        let bytes = text.utf8
        if bytes.allSatisfy(ASCII.isFieldValueByte) {
            buffer.append(contentsOf: bytes)
        } else {
            buffer.append(contentsOf: bytes.lazy.map { ASCII.isFieldValueByte($0) ? $0 : ASCII.space })
        }
    }

    static func appendDecimal(_ value: Int, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: String(value).utf8)
    }

    static func appendLineEnd(to buffer: inout [UInt8]) {
        buffer.append(ASCII.carriageReturn)
        buffer.append(ASCII.lineFeed)
    }
}
