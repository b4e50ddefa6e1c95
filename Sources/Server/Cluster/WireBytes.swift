/// Appends the primitives of the node-to-node encoding: LEB128 varints, zigzag for signed
/// values, and length-prefixed byte strings.
struct WireWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 64) { bytes.reserveCapacity(capacity) }

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func unsigned(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    mutating func int(_ value: Int) {
        let wide = Int64(value)
        unsigned(UInt64(bitPattern: (wide << 1) ^ (wide >> 63)))
    }

    mutating func optionalInt(_ value: Int?) {
        guard let value else { return byte(0) }
        byte(1)
        int(value)
    }

    mutating func bool(_ value: Bool) { byte(value ? 1 : 0) }

    mutating func data(_ value: [UInt8]) {
        unsigned(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    mutating func string(_ value: String) { data(Array(value.utf8)) }

    mutating func optionalString(_ value: String?) {
        guard let value else { return byte(0) }
        byte(1)
        string(value)
    }
}

/// Why bytes from another node could not be read.
struct WireError: Error, Equatable, CustomStringConvertible {
    let description: String
}

/// Reads what `WireWriter` wrote, refusing truncated, oversized or ill-formed input.
struct WireReader {
    private let bytes: [UInt8]
    private var position = 0
    /// The longest byte string accepted (a game snapshot fits with room to spare).
    static let maxDataBytes = 1 << 20

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { position == bytes.count }

    /// Bytes read so far.
    var consumedCount: Int { position }

    mutating func byte() throws(WireError) -> UInt8 {
        guard position < bytes.count else { throw WireError(description: "truncated at byte \(position)") }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func unsigned() throws(WireError) -> UInt64 {
        var result: UInt64 = 0
        for shift in stride(from: 0, to: 64, by: 7) {
            let next = try byte()
            result |= UInt64(next & 0x7F) << UInt64(shift)
            if next & 0x80 == 0 {
                if shift == 63 && next > 1 { break }
                return result
            }
        }
        throw WireError(description: "varint longer than 64 bits at byte \(position)")
    }

    mutating func int() throws(WireError) -> Int {
        let raw = try unsigned()
        return Int(Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))))
    }

    mutating func optionalInt() throws(WireError) -> Int? {
        switch try byte() {
        case 0: return nil
        case 1: return try int()
        case let other: throw WireError(description: "optional tag \(other)")
        }
    }

    mutating func bool() throws(WireError) -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        case let other: throw WireError(description: "boolean \(other)")
        }
    }

    mutating func data() throws(WireError) -> [UInt8] {
        let count = try unsigned()
        guard count <= UInt64(Self.maxDataBytes) else { throw WireError(description: "byte string of \(count) bytes") }
        guard bytes.count - position >= Int(count) else { throw WireError(description: "truncated byte string") }
        defer { position += Int(count) }
        return Array(bytes[position..<position + Int(count)])
    }

    mutating func string() throws(WireError) -> String {
        let raw = try data()
        guard let text = String(validating: raw, as: UTF8.self) else { throw WireError(description: "string is not UTF-8") }
        return text
    }

    mutating func optionalString() throws(WireError) -> String? {
        switch try byte() {
        case 0: return nil
        case 1: return try string()
        case let other: throw WireError(description: "optional tag \(other)")
        }
    }
}
