/// Why bytes were refused as a `SingletonMessage` or a stored `SlotLedger`; `offset` is where in the
/// input the problem is.
public enum SingletonDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The part of the input being read when decoding failed.
    public enum Field: String, Hashable, Sendable {
        case kind, version, job, holder, token, round, milliseconds, reason, slot, flags, digest, count
    }

    /// The input is longer than the limit for its kind.
    case tooLarge(byteCount: Int, limit: Int)
    /// The input ended in the middle of `field`.
    case truncated(field: Field, offset: Int)
    /// The first byte names no message kind.
    case unknownKind(UInt8)
    /// A stored ledger starts with a format version this code does not know.
    case unknownVersion(UInt8)
    /// A reason byte outside the known reasons.
    case unknownReason(UInt8, offset: Int)
    /// A presence or flags byte with bits that mean nothing.
    case invalidFlags(UInt8, offset: Int)
    /// An integer is encoded with more bytes than needed (so every value has one encoding).
    case nonCanonicalInteger(field: Field, offset: Int)
    /// An integer does not fit in 64 bits.
    case integerOverflow(field: Field, offset: Int)
    /// A job or node name is not 1–64 bytes of `a-z 0-9 . _ -`.
    case invalidName(field: Field, offset: Int)
    /// A slot time outside `CronSchedule.supportedSeconds` (no schedule has such a slot).
    case slotOutOfRange(offset: Int)
    /// A fencing token of zero where a lease's token belongs.
    case zeroToken(offset: Int)
    /// A digest longer than `SlotCommit.maxDigestBytes`.
    case digestTooLong(length: Int, offset: Int)
    /// A list longer than its limit.
    case tooManyEntries(count: UInt64, limit: Int, offset: Int)
    /// Stored entries that are not in strictly ascending order (jobs by name, slots by time).
    case unorderedEntries(offset: Int)
    /// Bytes are left after a complete message.
    case trailingBytes(count: Int, offset: Int)

    public var description: String {
        switch self {
        case .tooLarge(let count, let limit): "\(count) bytes exceed the \(limit)-byte limit"
        case .truncated(let field, let offset): "truncated in \(field.rawValue) at byte \(offset)"
        case .unknownKind(let byte): "unknown singleton message kind \(byte)"
        case .unknownVersion(let byte): "unknown slot ledger format version \(byte)"
        case .unknownReason(let byte, let offset): "unknown refusal reason \(byte) at byte \(offset)"
        case .invalidFlags(let byte, let offset): "invalid flags \(byte) at byte \(offset)"
        case .nonCanonicalInteger(let field, let offset): "over-long integer in \(field.rawValue) at byte \(offset)"
        case .integerOverflow(let field, let offset): "integer in \(field.rawValue) overflows 64 bits at byte \(offset)"
        case .invalidName(let field, let offset): "\(field.rawValue) name at byte \(offset) is not 1-64 bytes of a-z 0-9 . _ -"
        case .slotOutOfRange(let offset): "slot time at byte \(offset) is outside the supported years"
        case .zeroToken(let offset): "fencing token 0 at byte \(offset)"
        case .digestTooLong(let length, let offset): "digest of \(length) bytes at byte \(offset) exceeds \(SlotCommit.maxDigestBytes)"
        case .tooManyEntries(let count, let limit, let offset): "\(count) entries at byte \(offset) exceed the limit of \(limit)"
        case .unorderedEntries(let offset): "entry at byte \(offset) is out of order"
        case .trailingBytes(let count, let offset): "\(count) bytes after the end at byte \(offset)"
        }
    }
}
