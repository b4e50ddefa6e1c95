/// Writes compact JSON (no whitespace) straight into a byte buffer it owns.
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
///
/// The buffer is raw memory, not an `Array`: appending a byte is a capacity check and a store
/// (an `Array` append also asks the runtime whether the storage is shared). The writer is
/// non-copyable so two writers never share a buffer. A server keeps one per event loop as its
/// staging buffer and calls `removeAll()` between messages, so encoding allocates nothing.
public struct JSONWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// The number of bytes written.
    public private(set) var count = 0
    /// One bit per open container: set once it has a member, so the next one needs a comma.
    private var hasMembers: UInt64 = 0
    private var depth = 0

    /// An empty writer with room for `capacity` bytes before it grows.
    public init(capacity: Int = 256) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// A copy of the bytes written.
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Calls `body` with the bytes written (valid only inside `body`).
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// Forgets everything written, keeping the buffer for the next message.
    public mutating func removeAll() {
        count = 0
        hasMembers = 0
        depth = 0
    }

    /// The compact JSON text of `value`.
    public static func encode(_ value: JSONValue) -> [UInt8] {
        var writer = JSONWriter(capacity: 128)
        writer.value(value)
        return writer.bytes
    }

    // MARK: Raw bytes

    /// Makes room for `extra` more bytes.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(toAtLeast: count + extra) }
    }

    private mutating func grow(toAtLeast needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    mutating func appendByte(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    /// Appends raw bytes (they must keep the output valid JSON).
    public mutating func appendRaw(_ source: UnsafeRawBufferPointer) {
        guard let from = source.baseAddress, source.count > 0 else { return }
        reserve(source.count)
        UnsafeMutableRawPointer(base + count).copyMemory(from: from, byteCount: source.count)
        count += source.count
    }

    /// Appends raw bytes (they must keep the output valid JSON).
    public mutating func appendRaw(_ source: [UInt8]) {
        source.withUnsafeBytes { appendRaw($0) }
    }

    private mutating func appendStatic(_ text: StaticString) {
        appendRaw(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    // MARK: Structure

    /// Opens an object.
    public mutating func beginObject() {
        appendByte(ASCII.openBrace)
        push()
    }

    /// Closes the innermost object.
    public mutating func endObject() {
        pop()
        appendByte(ASCII.closeBrace)
    }

    /// Opens an array.
    public mutating func beginArray() {
        appendByte(ASCII.openBracket)
        push()
    }

    /// Closes the innermost array.
    public mutating func endArray() {
        pop()
        appendByte(ASCII.closeBracket)
    }

    /// Starts the next element of the innermost array (writes the comma when one is due).
    public mutating func element() {
        separate()
    }

    /// Writes `"name":` for the next member of the innermost object. `name` must need no escaping
    /// (the protocol's field names are plain ASCII), so it is copied as is.
    public mutating func key(_ name: StaticString) {
        separate()
        let length = name.utf8CodeUnitCount
        reserve(length + 3)
        base[count] = ASCII.quote
        (base + count + 1).update(from: name.utf8Start, count: length)
        base[count + 1 + length] = ASCII.quote
        base[count + 2 + length] = ASCII.colon
        count += length + 3
    }

    /// Writes `"name":` for any key, escaping it.
    public mutating func key(_ name: String) {
        separate()
        string(name)
        appendByte(ASCII.colon)
    }

    /// Writes bytes that are already one complete compact JSON value (a `JSONFragment`).
    public mutating func fragment(_ fragment: JSONFragment) {
        appendRaw(fragment.bytes)
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

    @inline(__always)
    private mutating func separate() {
        guard depth > 0 else { return }
        let bit: UInt64 = 1 << UInt64(depth - 1)
        if hasMembers & bit != 0 { appendByte(ASCII.comma) } else { hasMembers |= bit }
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
        reserve(20)
        count += Self.writeDecimal(value, to: base + count)
    }

    /// Writes `value` in decimal at `destination` (room for 20 bytes), returning the length.
    static func writeDecimal(_ value: Int64, to destination: UnsafeMutablePointer<UInt8>) -> Int {
        var magnitude = value.magnitude
        var length = value < 0 ? 1 : 0
        var probe = magnitude
        repeat {
            length += 1
            probe /= 10
        } while probe > 0
        var position = length
        repeat {
            position -= 1
            destination[position] = ASCII.zero &+ UInt8(magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        if value < 0 { destination[0] = ASCII.minus }
        return length
    }

    /// Appends `value` in decimal to an array.
    static func appendDecimal(_ value: Int64, to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            let length = writeDecimal(value, to: digits.baseAddress!)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[0..<length]))
        }
    }

    /// Writes a double in the shortest form that reads back as the same value (`null` if not finite).
    public mutating func double(_ value: Double) {
        guard value.isFinite else { return null() }
        // Swift's description is the shortest round-trip form and always valid JSON for finite values:
        // "1.0", "0.1", "1e-05", "1e+20", "-0.0".
        var text = value.description
        text.withUTF8 { appendRaw(UnsafeRawBufferPointer($0)) }
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
            appendByte(ASCII.openBracket)
            for index in elements.indices {
                if index > 0 { appendByte(ASCII.comma) }
                self.value(elements[index])
            }
            appendByte(ASCII.closeBracket)
        case .object(let object):
            appendByte(ASCII.openBrace)
            let members = object.members
            for index in members.indices {
                if index > 0 { appendByte(ASCII.comma) }
                string(members[index].key)
                appendByte(ASCII.colon)
                self.value(members[index].value)
            }
            appendByte(ASCII.closeBrace)
        }
    }

    /// Appends `"…"` with escapes. Reserves the worst case (every byte as `\u00XX`) once, then
    /// stores without further checks.
    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        reserve(utf8.count * 6 + 2)
        var out = base + count
        out.pointee = ASCII.quote
        out += 1
        for byte in utf8 {
            if byte >= 0x20 && byte != ASCII.quote && byte != ASCII.backslash {
                out.pointee = byte
                out += 1
                continue
            }
            out.pointee = ASCII.backslash
            switch byte {
            case ASCII.quote, ASCII.backslash: out[1] = byte
            case ASCII.lineFeed: out[1] = UInt8(ascii: "n")
            case ASCII.carriageReturn: out[1] = UInt8(ascii: "r")
            case ASCII.tab: out[1] = UInt8(ascii: "t")
            case 0x08: out[1] = UInt8(ascii: "b")
            case 0x0C: out[1] = UInt8(ascii: "f")
            default:
                let hex: StaticString = "0123456789abcdef"
                out[1] = UInt8(ascii: "u")
                out[2] = ASCII.zero
                out[3] = ASCII.zero
                out[4] = hex.utf8Start[Int(byte >> 4)]
                out[5] = hex.utf8Start[Int(byte & 0x0F)]
                out += 4
            }
            out += 2
        }
        out.pointee = ASCII.quote
        out += 1
        count = out - base
    }
}

extension JSONWriter: @unchecked Sendable {}
