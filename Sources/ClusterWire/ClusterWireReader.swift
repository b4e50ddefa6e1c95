/// Reads the fields of a handshake payload strictly: every length checked,
/// nothing left over. A failure names the field, for the error message.
struct ClusterWireReader {
    /// Why a payload did not parse: the field, and what was wrong with it.
    struct Failure: Error, Equatable {
        let field: String
        let problem: String
    }

    private let bytes: UnsafeRawBufferPointer
    private var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// A u8 length, then that many bytes satisfying `isValid`.
    mutating func string(_ field: String, isValid: (UnsafeRawBufferPointer) -> Bool) throws(Failure) -> String {
        let count = Int(try byte(field))
        let value = try take(count, field)
        guard isValid(value) else { throw Failure(field: field, problem: "has invalid characters or length \(count)") }
        return String(decoding: value, as: UTF8.self)
    }

    mutating func uint64(_ field: String) throws(Failure) -> UInt64 {
        try take(8, field).reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func nonce(_ field: String) throws(Failure) -> ClusterNonce {
        ClusterNonce(bytes: try take(ClusterNonce.byteCount, field))
    }

    mutating func bytes(_ count: Int, _ field: String) throws(Failure) -> [UInt8] {
        Array(try take(count, field))
    }

    mutating func byte(_ field: String) throws(Failure) -> UInt8 {
        try take(1, field)[0]
    }

    /// Fails when bytes are left: a payload means exactly one thing.
    func end() throws(Failure) {
        guard offset == bytes.count else {
            throw Failure(field: "end", problem: "\(bytes.count - offset) unexpected trailing bytes")
        }
    }

    private mutating func take(_ count: Int, _ field: String) throws(Failure) -> UnsafeRawBufferPointer {
        guard bytes.count - offset >= count else {
            throw Failure(field: field, problem: "is cut short (\(bytes.count - offset) of \(count) bytes)")
        }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
    }
}

/// Writes handshake payload fields in the layout `ClusterWireReader` reads.
struct ClusterWireWriter {
    var bytes: [UInt8] = []

    mutating func string(_ value: String) {
        let utf8 = Array(value.utf8)
        precondition(utf8.count <= 255, "handshake string over 255 bytes")
        bytes.append(UInt8(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    mutating func uint64(_ value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    mutating func append(_ raw: [UInt8]) { bytes.append(contentsOf: raw) }
}
