/// Writes compact JSON (no whitespace) straight into a byte buffer.
///
/// Strings are escaped as RFC 8259 §7 requires and no more: `"`, `\` and the control characters
/// below U+0020 (as `\n`, `\t`, ... or `\u00XX`); everything else, including non-ASCII, is written
/// as its UTF-8. Integers are written without going through `String`. A non-finite double has no
/// JSON form and is written as `null` (the parser never produces one).
///
/// Objects are written member by member: `beginObject()`, then `key(_:)` before each value (it
/// puts the comma), then `endObject()`; likewise `beginArray()`, `element()`, `endArray()`.
/// Nesting depth for this bookkeeping is limited to 64; values written whole with `value(_:)`
/// may nest deeper.
public struct JSONWriter: Sendable {
    /// The bytes written so far.
    public var bytes: [UInt8]
    /// One bit per open container: set once it has a member, so the next one needs a comma.
    private var hasMembers: UInt64 = 0
    private var depth = 0

    /// A writer appending to `bytes` (pass a buffer with capacity to avoid regrowth).
    public init(bytes: [UInt8] = []) {
        self.bytes = bytes
    }

    /// A writer with room reserved for `capacity` bytes.
    public init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// The compact JSON text of `value`.
    public static func encode(_ value: JSONValue) -> [UInt8] {
        var writer = JSONWriter(capacity: 64)
        writer.value(value)
        return writer.bytes
    }

    // MARK: Structure

    /// Opens an object.
    public mutating func beginObject() {
        bytes.append(ASCII.openBrace)
        push()
    }

    /// Closes the innermost object.
    public mutating func endObject() {
        pop()
        bytes.append(ASCII.closeBrace)
    }

    /// Opens an array.
    public mutating func beginArray() {
        bytes.append(ASCII.openBracket)
        push()
    }

    /// Closes the innermost array.
    public mutating func endArray() {
        pop()
        bytes.append(ASCII.closeBracket)
    }

    /// Starts the next element of the innermost array (writes the comma when one is due).
    public mutating func element() {
        separate()
    }

    /// Writes `"name":` for the next member of the innermost object. `name` must need no escaping
    /// (the protocol's field names are plain ASCII), so it is copied as is.
    public mutating func key(_ name: StaticString) {
        separate()
        bytes.append(ASCII.quote)
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(ASCII.quote)
        bytes.append(ASCII.colon)
    }

    /// Writes `"name":` for any key, escaping it.
    public mutating func key(_ name: String) {
        separate()
        string(name)
        bytes.append(ASCII.colon)
    }

    /// Writes bytes that are already one complete compact JSON value (a `JSONFragment`).
    public mutating func fragment(_ fragment: JSONFragment) {
        bytes.append(contentsOf: fragment.bytes)
    }

    private mutating func push() {
        precondition(depth < 64, "JSONWriter nests at most 64 containers")
        hasMembers &= ~(1 << UInt64(depth))
        depth += 1
    }

    private mutating func pop() {
        precondition(depth > 0, "JSONWriter: end without begin")
        depth -= 1
    }

    private mutating func separate() {
        guard depth > 0 else { return }
        let bit: UInt64 = 1 << UInt64(depth - 1)
        if hasMembers & bit != 0 { bytes.append(ASCII.comma) } else { hasMembers |= bit }
    }

    // MARK: Scalars

    /// Writes `null`.
    public mutating func null() { appendStatic("null") }

    /// Writes `true` or `false`.
    public mutating func bool(_ value: Bool) { appendStatic(value ? "true" : "false") }

    /// Writes an integer.
    public mutating func int(_ value: Int) { int(Int64(value)) }

    /// Writes an integer in decimal, digit by digit into the buffer.
    public mutating func int(_ value: Int64) {
        Self.appendDecimal(value, to: &bytes)
    }

    /// Appends `value` in decimal to `bytes` without going through `String`.
    static func appendDecimal(_ value: Int64, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(ASCII.minus) }
        var magnitude = value.magnitude
        if magnitude < 10 {
            bytes.append(ASCII.zero &+ UInt8(magnitude))
            return
        }
        var digits = 0
        var probe = magnitude
        while probe > 0 {
            digits += 1
            probe /= 10
        }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(ASCII.zero, count: digits))
        bytes.withUnsafeMutableBufferPointer { buffer in
            var position = start + digits - 1
            while magnitude > 0 {
                buffer[position] = ASCII.zero &+ UInt8(magnitude % 10)
                magnitude /= 10
                position -= 1
            }
        }
    }

    /// Writes a double in the shortest form that reads back as the same value (`null` if not finite).
    public mutating func double(_ value: Double) {
        guard value.isFinite else { return null() }
        // Swift's description is the shortest round-trip form and always valid JSON for finite values:
        // "1.0", "0.1", "1e-05", "1e+20", "-0.0".
        bytes.append(contentsOf: value.description.utf8)
    }

    /// Writes a string with the escapes JSON requires.
    public mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { appendEscaped($0) }
    }

    /// Writes a string given as UTF-8 bytes, which must be valid UTF-8.
    public mutating func string(utf8: UnsafeBufferPointer<UInt8>) {
        appendEscaped(utf8)
    }

    // MARK: Values

    /// Writes a whole value.
    public mutating func value(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .int(let number): int(number)
        case .double(let number): double(number)
        case .string(let text): string(text)
        case .array(let elements):
            bytes.append(ASCII.openBracket)
            for (position, element) in elements.enumerated() {
                if position > 0 { bytes.append(ASCII.comma) }
                self.value(element)
            }
            bytes.append(ASCII.closeBracket)
        case .object(let object):
            bytes.append(ASCII.openBrace)
            for (position, member) in object.members.enumerated() {
                if position > 0 { bytes.append(ASCII.comma) }
                string(member.key)
                bytes.append(ASCII.colon)
                self.value(member.value)
            }
            bytes.append(ASCII.closeBrace)
        }
    }

    private mutating func appendStatic(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(ASCII.quote)
        var runStart = 0
        for position in 0..<utf8.count {
            let byte = utf8[position]
            guard byte < 0x20 || byte == ASCII.quote || byte == ASCII.backslash else { continue }
            if position > runStart { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<position])) }
            runStart = position + 1
            bytes.append(ASCII.backslash)
            switch byte {
            case ASCII.quote, ASCII.backslash: bytes.append(byte)
            case ASCII.lineFeed: bytes.append(UInt8(ascii: "n"))
            case ASCII.carriageReturn: bytes.append(UInt8(ascii: "r"))
            case ASCII.tab: bytes.append(UInt8(ascii: "t"))
            case 0x08: bytes.append(UInt8(ascii: "b"))
            case 0x0C: bytes.append(UInt8(ascii: "f"))
            default:
                let hex: StaticString = "0123456789abcdef"
                bytes.append(UInt8(ascii: "u"))
                bytes.append(ASCII.zero)
                bytes.append(ASCII.zero)
                bytes.append(hex.utf8Start[Int(byte >> 4)])
                bytes.append(hex.utf8Start[Int(byte & 0x0F)])
            }
        }
        if utf8.count > runStart { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        bytes.append(ASCII.quote)
    }
}
