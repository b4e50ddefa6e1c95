/// Reads an encoding's fields strictly: lengths checked before use, varints minimal, no bytes left
/// over, so that every accepted input is exactly what the encoder would write for its value.
struct ByteReader: ~Copyable {
    private let bytes: UnsafeRawBufferPointer
    private(set) var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }

    func failure(_ field: @autoclosure () -> String, at offset: Int, _ problem: String) -> LeaderboardDecodingError {
        LeaderboardDecodingError(field: field(), offset: offset, problem: problem)
    }

    /// The format tag and version.
    mutating func header(_ format: LeaderboardFormat) throws(LeaderboardDecodingError) {
        let tag = try byte("format")
        guard tag == format.rawValue else {
            throw failure("format", at: 0, "is \(tag), not \(format.rawValue) (\(format))")
        }
        let version = try byte("version")
        guard version == LeaderboardFormat.version else {
            throw failure("version", at: 1, "is \(version); this node reads version \(LeaderboardFormat.version)")
        }
    }

    mutating func byte(_ field: @autoclosure () -> String) throws(LeaderboardDecodingError) -> UInt8 {
        guard remaining >= 1 else { throw failure(field(), at: offset, "is missing: the input ends") }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// An unsigned LEB128 varint of at most 64 bits, in its shortest form.
    mutating func varint(_ field: @autoclosure () -> String) throws(LeaderboardDecodingError) -> UInt64 {
        let start = offset
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard remaining >= 1 else { throw failure(field(), at: start, "is cut short: the input ends inside a varint") }
            let byte = bytes[offset]
            offset += 1
            let payload = UInt64(byte & 0x7f)
            // The tenth byte holds bit 63 only, and ends the varint.
            guard shift < 63 || byte <= 1 else { throw failure(field(), at: start, "does not fit in 64 bits") }
            value |= payload << shift
            if byte & 0x80 == 0 {
                guard byte != 0 || offset - start == 1 else { throw failure(field(), at: start, "is not in its shortest form") }
                return value
            }
            shift += 7
        }
    }

    /// A varint within `range`.
    mutating func int(_ field: @autoclosure () -> String, in range: ClosedRange<Int>) throws(LeaderboardDecodingError) -> Int {
        let start = offset
        let value = try varint(field())
        guard value <= UInt64(Int.max), range.contains(Int(value)) else {
            throw failure(field(), at: start, "is \(value), outside \(range)")
        }
        return Int(value)
    }

    /// A count of items that take at least `minBytesEach` bytes each, so that a bogus count is
    /// refused before anything is allocated for it.
    mutating func count(_ field: @autoclosure () -> String, minBytesEach: Int) throws(LeaderboardDecodingError) -> Int {
        let start = offset
        let value = try varint(field())
        guard value <= UInt64(remaining / max(minBytesEach, 1)) else {
            throw failure(field(), at: start, "is \(value), more than the \(remaining) bytes left can hold")
        }
        return Int(value)
    }

    mutating func uint64(_ field: @autoclosure () -> String) throws(LeaderboardDecodingError) -> UInt64 {
        guard remaining >= 8 else { throw failure(field(), at: offset, "is cut short (\(remaining) of 8 bytes)") }
        var value: UInt64 = 0
        for index in offset..<offset + 8 { value = value << 8 | UInt64(bytes[index]) }
        offset += 8
        return value
    }

    /// A big-endian IEEE 754 double within `range` (which excludes NaN).
    mutating func double(_ field: @autoclosure () -> String, in range: ClosedRange<Double>) throws(LeaderboardDecodingError) -> Double {
        let start = offset
        let value = Double(bitPattern: try uint64(field()))
        guard range.contains(value) else { throw failure(field(), at: start, "is \(value), outside \(range)") }
        return value
    }

    /// A varint byte count, then that many bytes of valid UTF-8; at least `minBytes` long.
    mutating func string(_ field: @autoclosure () -> String, minBytes: Int = 1) throws(LeaderboardDecodingError) -> String {
        let start = offset
        let count = try int(field(), in: minBytes...LeaderboardFormat.maxTextBytes)
        guard remaining >= count else { throw failure(field(), at: start, "is cut short (\(remaining) of \(count) bytes)") }
        let text = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
        guard let value = String(validating: text, as: UTF8.self) else {
            throw failure(field(), at: start, "is not valid UTF-8")
        }
        offset += count
        return value
    }

    /// Fails when bytes are left: an encoding means exactly one value.
    func end() throws(LeaderboardDecodingError) {
        guard remaining == 0 else { throw failure("end", at: offset, "\(remaining) unexpected trailing bytes") }
    }
}

/// Writes fields in the layout `ByteReader` reads.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(_ format: LeaderboardFormat, reservingCapacity capacity: Int = 64) {
        bytes.reserveCapacity(capacity)
        bytes.append(format.rawValue)
        bytes.append(LeaderboardFormat.version)
    }

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func int(_ value: Int) {
        precondition(value >= 0, "encoded integers are never negative")
        varint(UInt64(value))
    }

    mutating func uint64(_ value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    mutating func double(_ value: Double) { uint64(value.bitPattern) }

    mutating func string(_ value: String) {
        let utf8 = value.utf8
        precondition(utf8.count <= LeaderboardFormat.maxTextBytes, "text over \(LeaderboardFormat.maxTextBytes) bytes")
        int(utf8.count)
        bytes.append(contentsOf: utf8)
    }
}

extension Array where Element == UInt8 {
    /// `body` over the array's bytes, with its typed error (`withUnsafeBytes` rethrows untyped).
    func decoding<Value>(
        _ body: (UnsafeRawBufferPointer) throws(LeaderboardDecodingError) -> Value
    ) throws(LeaderboardDecodingError) -> Value {
        let result = withUnsafeBytes { raw in
            Result { () throws(LeaderboardDecodingError) -> Value in try body(raw) }
        }
        return try result.get()
    }
}
