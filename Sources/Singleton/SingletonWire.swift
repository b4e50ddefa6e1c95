// The primitives of the singleton encodings (messages and the stored ledger). Every value has exactly
// one encoding, so `encode(decode(bytes)) == bytes` for every accepted input (the fuzzer checks it):
//
//   uv     = unsigned LEB128, at most 64 bits, no redundant trailing zero groups
//   sv     = a signed 64-bit integer, zigzag-mapped to uv
//   slot   = sv within CronSchedule.supportedSeconds
//   token  = uv, nonzero
//   name   = length:u8 bytes                            (SingletonName.isValid)
//   commit = runToken:token digestLength:u8 digest      (digestLength <= SlotCommit.maxDigestBytes)

/// Appends encoded values to a byte array.
struct SingletonWriter {
    var bytes: [UInt8] = []

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func unsigned(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func signed(_ value: Int64) { unsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }

    mutating func slot(_ value: Int64) {
        precondition(CronSchedule.supportedSeconds.contains(value), "slot \(value) is outside CronSchedule.supportedSeconds")
        signed(value)
    }

    mutating func token(_ token: FencingToken) {
        precondition(token != .none, "fencing token 0 cannot be sent")
        unsigned(token.value)
    }

    mutating func name(_ name: String) {
        precondition(SingletonName.isValid(name), "invalid singleton name \"\(name)\": see SingletonName.isValid")
        bytes.append(UInt8(name.utf8.count))
        bytes.append(contentsOf: name.utf8)
    }

    mutating func commit(_ commit: SlotCommit) {
        token(commit.runToken)
        bytes.append(UInt8(commit.digest.count))
        bytes.append(contentsOf: commit.digest)
    }
}

/// Reads encoded values from a byte buffer, throwing a precise `SingletonDecodingError`.
struct SingletonReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }
    var remaining: Int { bytes.count - offset }

    mutating func byte(_ field: SingletonDecodingError.Field) throws(SingletonDecodingError) -> UInt8 {
        guard offset < bytes.count else { throw .truncated(field: field, offset: offset) }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func unsigned(_ field: SingletonDecodingError.Field) throws(SingletonDecodingError) -> UInt64 {
        let start = offset
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try byte(field)
            let payload = UInt64(byte & 0x7F)
            // The tenth byte holds bit 63 only.
            if shift == 63 && payload > 1 { throw .integerOverflow(field: field, offset: start) }
            value |= payload << shift
            if byte & 0x80 == 0 {
                // A last group of zero after the first byte adds nothing: the encoder never writes it.
                if byte == 0 && offset - start > 1 { throw .nonCanonicalInteger(field: field, offset: start) }
                return value
            }
            shift += 7
            if shift > 63 { throw .integerOverflow(field: field, offset: start) }
        }
    }

    mutating func signed(_ field: SingletonDecodingError.Field) throws(SingletonDecodingError) -> Int64 {
        let zigzag = try unsigned(field)
        return Int64(bitPattern: (zigzag >> 1) ^ (0 &- (zigzag & 1)))
    }

    /// A slot time: a schedule's slot, so within `CronSchedule.supportedSeconds`.
    mutating func slot() throws(SingletonDecodingError) -> Int64 {
        let start = offset
        let value = try signed(.slot)
        guard CronSchedule.supportedSeconds.contains(value) else { throw .slotOutOfRange(offset: start) }
        return value
    }

    mutating func token() throws(SingletonDecodingError) -> FencingToken {
        let start = offset
        let value = try unsigned(.token)
        guard value != 0 else { throw .zeroToken(offset: start) }
        return FencingToken(value)
    }

    /// A flag byte that must be 0 or 1.
    mutating func presence(_ field: SingletonDecodingError.Field) throws(SingletonDecodingError) -> Bool {
        let start = offset
        let flag = try byte(field)
        guard flag <= 1 else { throw .invalidFlags(flag, offset: start) }
        return flag == 1
    }

    mutating func name(_ field: SingletonDecodingError.Field) throws(SingletonDecodingError) -> String {
        let length = Int(try byte(field))
        let start = offset
        guard remaining >= length else { throw .truncated(field: field, offset: offset) }
        let slice = UnsafeRawBufferPointer(rebasing: bytes[start..<start + length])
        guard SingletonName.isValid(slice) else { throw .invalidName(field: field, offset: start) }
        offset += length
        return String(decoding: slice, as: UTF8.self)
    }

    mutating func commit() throws(SingletonDecodingError) -> SlotCommit {
        let runToken = try token()
        let lengthOffset = offset
        let length = Int(try byte(.digest))
        guard length <= SlotCommit.maxDigestBytes else { throw .digestTooLong(length: length, offset: lengthOffset) }
        guard remaining >= length else { throw .truncated(field: .digest, offset: offset) }
        let digest = [UInt8](UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length]))
        offset += length
        return SlotCommit(runToken: runToken, digest: digest)
    }
}
