/// One element of a `Sec-WebSocket-Extensions` list: an extension and its parameters, in order (RFC 6455 §9.1).
struct PerMessageDeflateExtensionElement: Equatable {
    /// One `name[=value]` after a `;`; a quoted-string value is unescaped.
    struct Parameter: Equatable {
        var name: String
        var value: String?
    }

    var name: String
    var parameters: [Parameter]
}

/// Parses `Sec-WebSocket-Extensions` values (RFC 6455 §9.1):
///
///     extension-list = 1#extension
///     extension      = extension-token *( ";" extension-param )
///     extension-param = token [ "=" (token | quoted-string) ]
///
/// with optional whitespace around separators, empty list elements skipped (RFC 7230 §7), and a
/// quoted value required to be a token once unescaped. An element that breaks the grammar becomes
/// `nil` and parsing resumes after the next comma outside quotes, so a server can decline just
/// that offer and consider the next (RFC 7692 §5).
enum PerMessageDeflateHeaderParser {
    /// The elements of every value in order, as if the headers were one comma-separated list.
    static func elements(in headerValues: [String]) -> [PerMessageDeflateExtensionElement?] {
        headerValues.flatMap { elements(in: $0) }
    }

    /// The elements of one header value in order; `nil` for each malformed one.
    static func elements(in headerValue: String) -> [PerMessageDeflateExtensionElement?] {
        var cursor = Cursor(bytes: Array(headerValue.utf8))
        var elements: [PerMessageDeflateExtensionElement?] = []
        while true {
            cursor.skipWhitespace()
            guard let byte = cursor.peek else { break }
            if byte == .comma {
                cursor.index += 1
                continue
            }
            let start = cursor.index
            if let element = parseElement(&cursor) {
                elements.append(element)
            } else {
                cursor.index = start
                cursor.skipPastElement()
                elements.append(nil)
            }
        }
        return elements
    }

    /// Parses one element, leaving the cursor on the comma after it or at the end.
    private static func parseElement(_ cursor: inout Cursor) -> PerMessageDeflateExtensionElement? {
        guard let name = cursor.token() else { return nil }
        var parameters: [PerMessageDeflateExtensionElement.Parameter] = []
        while true {
            cursor.skipWhitespace()
            guard let byte = cursor.peek, byte != .comma else {
                return PerMessageDeflateExtensionElement(name: name, parameters: parameters)
            }
            guard byte == .semicolon else { return nil }
            cursor.index += 1
            cursor.skipWhitespace()
            guard let parameterName = cursor.token() else { return nil }
            cursor.skipWhitespace()
            var value: String?
            if cursor.peek == .equals {
                cursor.index += 1
                cursor.skipWhitespace()
                if cursor.peek == .quote {
                    // RFC 6455 §9.1: the unescaped quoted-string must itself be a token.
                    guard let quoted = cursor.quotedString(), isToken(quoted) else { return nil }
                    value = quoted
                } else {
                    guard let token = cursor.token() else { return nil }
                    value = token
                }
            }
            parameters.append(.init(name: parameterName, value: value))
        }
    }

    private static func isToken(_ string: String) -> Bool {
        !string.isEmpty && string.utf8.allSatisfy(isTokenByte)
    }

    /// tchar (RFC 7230 §3.2.6).
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
            UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
            UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private struct Cursor {
        let bytes: [UInt8]
        var index = 0

        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipWhitespace() {
            while let byte = peek, byte == .space || byte == .tab { index += 1 }
        }

        mutating func token() -> String? {
            let start = index
            while let byte = peek, PerMessageDeflateHeaderParser.isTokenByte(byte) { index += 1 }
            return index > start ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
        }

        /// Reads `"…"` with backslash escapes; nil if unterminated or holding a control character.
        mutating func quotedString() -> String? {
            precondition(peek == .quote)
            index += 1
            var unescaped: [UInt8] = []
            while let byte = peek {
                index += 1
                switch byte {
                case .quote:
                    return String(decoding: unescaped, as: UTF8.self)
                case .backslash:
                    guard let escaped = peek, escaped == .tab || escaped >= 0x20, escaped != 0x7F else { return nil }
                    index += 1
                    unescaped.append(escaped)
                case .tab, 0x20...0x7E, 0x80...0xFF:
                    unescaped.append(byte)
                default:
                    return nil
                }
            }
            return nil
        }

        /// Moves past the next comma that is not inside a quoted string, or to the end.
        mutating func skipPastElement() {
            var inQuotes = false
            while let byte = peek {
                index += 1
                if inQuotes && byte == .backslash {
                    index += 1
                } else if byte == .quote {
                    inQuotes.toggle()
                } else if byte == .comma && !inQuotes {
                    return
                }
            }
        }
    }
}

private extension UInt8 {
    static let comma = UInt8(ascii: ",")
    static let semicolon = UInt8(ascii: ";")
    static let equals = UInt8(ascii: "=")
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
}
