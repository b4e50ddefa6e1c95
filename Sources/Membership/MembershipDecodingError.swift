/// Why bytes were refused as a `MembershipMessage`; `offset` is where in the input the problem is.
public enum MembershipDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The part of a message being read when decoding failed.
    public enum Field: String, Hashable, Sendable {
        case kind, sequence, entryCount, nameLength, name, addressLength, address, status, generation, refutations
    }

    /// The input is longer than `MembershipMessage.maxEncodedBytes`.
    case tooLarge(byteCount: Int, limit: Int)
    /// The input ended in the middle of `field`.
    case truncated(field: Field, offset: Int)
    /// The first byte names no message kind.
    case unknownKind(UInt8)
    /// A member update has a status byte outside 0–3.
    case unknownStatus(UInt8, offset: Int)
    /// An integer is encoded with more bytes than needed (so every message has one encoding).
    case nonCanonicalInteger(field: Field, offset: Int)
    /// An integer does not fit in 64 bits.
    case integerOverflow(field: Field, offset: Int)
    /// A node name is empty, longer than 16 bytes, or not `a-z 0-9`.
    case invalidNodeName(offset: Int)
    /// An address is empty or holds bytes other than visible ASCII.
    case invalidAddress(offset: Int)
    /// A list claims more entries than the limit for its place in the message.
    case tooManyEntries(count: UInt64, limit: Int, offset: Int)
    /// Bytes are left after a complete message.
    case trailingBytes(count: Int, offset: Int)

    public var description: String {
        switch self {
        case .tooLarge(let count, let limit): "membership message of \(count) bytes exceeds the \(limit)-byte limit"
        case .truncated(let field, let offset): "membership message truncated in \(field.rawValue) at byte \(offset)"
        case .unknownKind(let byte): "unknown membership message kind \(byte)"
        case .unknownStatus(let byte, let offset): "unknown member status \(byte) at byte \(offset)"
        case .nonCanonicalInteger(let field, let offset): "over-long integer in \(field.rawValue) at byte \(offset)"
        case .integerOverflow(let field, let offset): "integer in \(field.rawValue) overflows 64 bits at byte \(offset)"
        case .invalidNodeName(let offset): "node name at byte \(offset) is not 1-16 characters of a-z 0-9"
        case .invalidAddress(let offset): "address at byte \(offset) is not 1-255 bytes of visible ASCII"
        case .tooManyEntries(let count, let limit, let offset): "\(count) entries at byte \(offset) exceed the limit of \(limit)"
        case .trailingBytes(let count, let offset): "\(count) bytes after the end of the message at byte \(offset)"
        }
    }
}
