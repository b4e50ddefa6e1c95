/// Why `JSONParser` rejected its input: the byte offset where it stopped and what it expected there.
///
/// The description never quotes more than the one offending byte, so it is safe to send back to the
/// peer that wrote the input (it is the `message` of a `bad_json` error).
public struct JSONParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong at `offset`.
    public enum Reason: Hashable, Sendable {
        /// The input ended where `expected` was due.
        case unexpectedEnd(expected: String)
        /// `found` stands where `expected` was due.
        case unexpectedByte(UInt8, expected: String)
        /// A complete value is followed by more than whitespace.
        case trailingData
        /// The input is longer than `JSONParser.Limits.maxBytes`.
        case tooLarge(limit: Int)
        /// Arrays and objects nest deeper than `JSONParser.Limits.maxDepth`.
        case tooDeep(limit: Int)
        /// A number with a superfluous leading zero, such as `01` (RFC 8259 §6).
        case leadingZero
        /// A number literal longer than `JSONParser.Limits.maxNumberLength` bytes.
        case numberTooLong(limit: Int)
        /// A number too large for a `Double` (such as `1e400`).
        case numberOutOfRange
        /// A raw control character (below U+0020) inside a string; it must be escaped (RFC 8259 §7).
        case controlCharacterInString(UInt8)
        /// A backslash followed by something other than `" \ / b f n r t u`.
        case invalidEscape(UInt8)
        /// `\u` not followed by four hexadecimal digits.
        case invalidUnicodeEscape
        /// A `\u` escape of a UTF-16 surrogate that is not half of a high-low pair.
        case loneSurrogate(UInt16)
        /// Bytes that are not UTF-8 (RFC 8259 §8.1 requires it).
        case invalidUTF8
        /// An object names the same key twice (RFC 8259 §4 leaves the meaning open; Roost refuses).
        case duplicateKey
    }

    /// The offset of the byte where parsing stopped (the input's length when it ended early).
    public let offset: Int
    /// What went wrong there.
    public let reason: Reason

    /// An error at `offset`.
    public init(offset: Int, reason: Reason) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String {
        let what: String
        switch reason {
        case .unexpectedEnd(let expected): what = "expected \(expected), found the end of the input"
        case .unexpectedByte(let byte, let expected): what = "expected \(expected), found \(Self.show(byte))"
        case .trailingData: what = "expected the end of the input after the value"
        case .tooLarge(let limit): what = "input longer than \(limit) bytes"
        case .tooDeep(let limit): what = "arrays and objects nested deeper than \(limit)"
        case .leadingZero: what = "number with a leading zero"
        case .numberTooLong(let limit): what = "number longer than \(limit) characters"
        case .numberOutOfRange: what = "number out of range"
        case .controlCharacterInString(let byte): what = "unescaped control character \(Self.show(byte)) in a string"
        case .invalidEscape(let byte): what = "invalid escape \\\(Self.show(byte)) in a string"
        case .invalidUnicodeEscape: what = "\\u not followed by four hexadecimal digits"
        case .loneSurrogate(let unit):
            what = "lone UTF-16 surrogate \\u\(String(unit, radix: 16, uppercase: true)) in a string"
        case .invalidUTF8: what = "invalid UTF-8"
        case .duplicateKey: what = "duplicate key in an object"
        }
        return "at byte \(offset): \(what)"
    }

    /// A byte as `'x'` when it is printable ASCII, else as `0xNN`.
    static func show(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        let hex = String(byte, radix: 16, uppercase: true)
        return byte < 0x10 ? "0x0\(hex)" : "0x\(hex)"
    }
}
