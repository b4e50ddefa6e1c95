// The binary encoding of membership messages. Every message has exactly one encoding: integers are
// canonical LEB128 and nothing is optional, so `encode(decode(bytes)) == bytes` for every accepted input
// (the fuzzer checks it).
//
//   message  = kind:u8 body gossipCount:uv update*            gossipCount <= maxGossipEntries
//   body     = ping(1): seq:uv | ping-req(2): seq:uv node | ack(3): seq:uv | nack(4): seq:uv
//            | join(5): count:uv update* | join-ack(6): count:uv update* | gossip(7): (nothing)
//                                                              count <= maxStateEntries
//   update   = node status:u8 generation:uv refutations:uv [suspecter:node, when status is suspect]
//              status: 0 alive, 1 suspect, 2 dead, 3 left
//   node     = nameLength:u8 name addressLength:u8 address     (see NodeID.isValid)
//   uv       = unsigned LEB128, at most 64 bits, no redundant trailing zero groups
//
// The cluster link's frame header carries the wire version, so the membership payload has none.

extension MembershipMessage {
    /// Most gossip entries one message carries.
    public static let maxGossipEntries = 64
    /// Most entries in the full state of a `join` or `joinAck` (the largest cluster this supports).
    public static let maxStateEntries = 1024
    /// Longest encoded message accepted, in bytes (the largest encodable message fits).
    public static let maxEncodedBytes = 1 << 20

    /// The message's bytes. Every node must be valid (`NodeID.isValid`) and the lists within their limits.
    public func encode() -> [UInt8] {
        var writer = MembershipWriter()
        switch kind {
        case .ping(let sequence):
            writer.byte(1)
            writer.integer(sequence)
        case .pingRequest(let sequence, let target):
            writer.byte(2)
            writer.integer(sequence)
            writer.node(target)
        case .ack(let sequence):
            writer.byte(3)
            writer.integer(sequence)
        case .nack(let sequence):
            writer.byte(4)
            writer.integer(sequence)
        case .join(let state):
            writer.byte(5)
            writer.updates(state, limit: Self.maxStateEntries)
        case .joinAck(let state):
            writer.byte(6)
            writer.updates(state, limit: Self.maxStateEntries)
        case .gossip:
            writer.byte(7)
        }
        writer.updates(gossip, limit: Self.maxGossipEntries)
        return writer.bytes
    }

    /// Decodes one whole message, or says precisely what is wrong with the bytes.
    public static func decode(_ bytes: [UInt8]) -> Result<MembershipMessage, MembershipDecodingError> {
        bytes.withUnsafeBytes { decode($0) }
    }

    /// Decodes one whole message, or says precisely what is wrong with the bytes.
    public static func decode(_ bytes: UnsafeRawBufferPointer) -> Result<MembershipMessage, MembershipDecodingError> {
        guard bytes.count <= maxEncodedBytes else {
            return .failure(.tooLarge(byteCount: bytes.count, limit: maxEncodedBytes))
        }
        var reader = MembershipReader(bytes)
        do {
            let message = try reader.message()
            guard reader.offset == bytes.count else {
                return .failure(.trailingBytes(count: bytes.count - reader.offset, offset: reader.offset))
            }
            return .success(message)
        } catch {
            return .failure(error)
        }
    }
}

/// Appends the encoding of message parts to a byte array.
private struct MembershipWriter {
    var bytes: [UInt8] = []

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func integer(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func node(_ node: NodeID) {
        precondition(node.isValid, "cannot encode the invalid node identity \(node)")
        bytes.append(UInt8(node.name.utf8.count))
        bytes.append(contentsOf: node.name.utf8)
        bytes.append(UInt8(node.address.utf8.count))
        bytes.append(contentsOf: node.address.utf8)
    }

    mutating func updates(_ updates: [MemberUpdate], limit: Int) {
        precondition(updates.count <= limit, "\(updates.count) member updates exceed the limit of \(limit)")
        integer(UInt64(updates.count))
        for update in updates {
            node(update.node)
            byte(update.memberStatus.rawValue)
            integer(update.incarnation.generation)
            integer(update.incarnation.refutations)
            if case .suspect(let suspecter) = update.status { node(suspecter) }
        }
    }
}

/// Reads message parts from a byte buffer, throwing a precise `MembershipDecodingError`.
private struct MembershipReader {
    /// The fewest bytes one member update takes (one-byte name and address, zero integers).
    static let minUpdateBytes = 7

    let bytes: UnsafeRawBufferPointer
    var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    mutating func message() throws(MembershipDecodingError) -> MembershipMessage {
        let kindByte = try byte(.kind)
        let kind: MembershipMessage.Kind
        switch kindByte {
        case 1: kind = .ping(sequence: try integer(.sequence))
        case 2: kind = .pingRequest(sequence: try integer(.sequence), target: try node())
        case 3: kind = .ack(sequence: try integer(.sequence))
        case 4: kind = .nack(sequence: try integer(.sequence))
        case 5: kind = .join(state: try updates(limit: MembershipMessage.maxStateEntries))
        case 6: kind = .joinAck(state: try updates(limit: MembershipMessage.maxStateEntries))
        case 7: kind = .gossip
        default: throw .unknownKind(kindByte)
        }
        return MembershipMessage(kind, gossip: try updates(limit: MembershipMessage.maxGossipEntries))
    }

    mutating func byte(_ field: MembershipDecodingError.Field) throws(MembershipDecodingError) -> UInt8 {
        guard offset < bytes.count else { throw .truncated(field: field, offset: offset) }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func integer(_ field: MembershipDecodingError.Field) throws(MembershipDecodingError) -> UInt64 {
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

    mutating func text(
        lengthField: MembershipDecodingError.Field, field: MembershipDecodingError.Field,
        isValid: (UnsafeRawBufferPointer) -> Bool, invalid: (Int) -> MembershipDecodingError
    ) throws(MembershipDecodingError) -> String {
        let length = Int(try byte(lengthField))
        let start = offset
        guard bytes.count - offset >= length else { throw .truncated(field: field, offset: offset) }
        let slice = UnsafeRawBufferPointer(rebasing: bytes[start..<start + length])
        guard isValid(slice) else { throw invalid(start) }
        offset += length
        return String(decoding: slice, as: UTF8.self)
    }

    mutating func node() throws(MembershipDecodingError) -> NodeID {
        let name = try text(
            lengthField: .nameLength, field: .name, isValid: { NodeID.isValidName($0) },
            invalid: { .invalidNodeName(offset: $0) })
        let address = try text(
            lengthField: .addressLength, field: .address, isValid: { NodeID.isValidAddress($0) },
            invalid: { .invalidAddress(offset: $0) })
        return NodeID(name: name, address: address)
    }

    mutating func updates(limit: Int) throws(MembershipDecodingError) -> [MemberUpdate] {
        let countOffset = offset
        let count = try integer(.entryCount)
        guard count <= UInt64(limit) else { throw .tooManyEntries(count: count, limit: limit, offset: countOffset) }
        var updates: [MemberUpdate] = []
        // Never reserve more than the remaining bytes could hold, whatever the count claims.
        updates.reserveCapacity(min(Int(count), (bytes.count - offset) / Self.minUpdateBytes))
        for _ in 0..<count { updates.append(try update()) }
        return updates
    }

    mutating func update() throws(MembershipDecodingError) -> MemberUpdate {
        let member = try node()
        let statusOffset = offset
        let statusByte = try byte(.status)
        guard let memberStatus = MemberStatus(rawValue: statusByte) else {
            throw .unknownStatus(statusByte, offset: statusOffset)
        }
        let incarnation = Incarnation(generation: try integer(.generation), refutations: try integer(.refutations))
        let status: MemberUpdate.Status
        switch memberStatus {
        case .alive: status = .alive
        case .suspect: status = .suspect(by: try self.node())
        case .dead: status = .dead
        case .left: status = .left
        }
        return MemberUpdate(node: member, incarnation: incarnation, status: status)
    }
}
