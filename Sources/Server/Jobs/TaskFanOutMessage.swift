/// The messages of `TaskFanOut` on the `.tasks` channel, which it shares with result replication.
///
/// Tags 16...31 are the fan-out's; result replication keeps 1...3 (`ResultReplicationMessage`),
/// so `ClusterBridge` dispatches on the first byte alone. A request or reply bigger than one
/// frame travels in parts (`part` of `parts`, in order over the one link to the peer) and is put
/// back together by `TaskReassembly`.
///
///     request: 16, id, task kind, part, parts, bytes
///     reply:   17, id, part, parts, bytes
///     failed:  18, id, reason
///
/// Varints are `WireWriter`'s (LEB128); `bytes` is a varint count and the bytes.
enum TaskFanOutMessage: Equatable, Sendable {
    /// Part of a request: run the handler of `kind` on the whole payload, answer under `id`.
    case request(id: UInt64, kind: String, part: Int, parts: Int, bytes: [UInt8])
    /// Part of the answer to request `id`.
    case reply(id: UInt64, part: Int, parts: Int, bytes: [UInt8])
    /// Request `id` could not run there (no handler for its kind, the handler refused its input).
    case failed(id: UInt64, reason: String)

    private enum Tag: UInt8 { case request = 16, reply, failed }

    /// The first bytes that belong to the fan-out on the `.tasks` channel.
    static let tags: ClosedRange<UInt8> = 16...31
    /// Most parts one request or reply is cut into (with 1 MiB frames: 64 GiB, far past any use).
    static let maxParts = 1 << 16
    /// Longest task kind, in bytes.
    static let maxKindBytes = 64
    /// Longest failure reason, in bytes.
    static let maxReasonBytes = 1024
    /// Bytes a part needs besides its payload bytes (tag, varints, the kind), with room to spare.
    static let partOverheadBytes = 128

    /// Whether a `.tasks` payload is a fan-out message (and not result replication's).
    static func isFanOut(_ firstByte: UInt8) -> Bool { tags.contains(firstByte) }

    func wireBytes() -> [UInt8] {
        var writer = WireWriter(capacity: Self.partOverheadBytes + payloadCount)
        switch self {
        case .request(let id, let kind, let part, let parts, let bytes):
            writer.byte(Tag.request.rawValue)
            writer.unsigned(id)
            writer.string(kind)
            writer.unsigned(UInt64(part))
            writer.unsigned(UInt64(parts))
            writer.data(bytes)
        case .reply(let id, let part, let parts, let bytes):
            writer.byte(Tag.reply.rawValue)
            writer.unsigned(id)
            writer.unsigned(UInt64(part))
            writer.unsigned(UInt64(parts))
            writer.data(bytes)
        case .failed(let id, let reason):
            writer.byte(Tag.failed.rawValue)
            writer.unsigned(id)
            writer.string(String(decoding: reason.utf8.prefix(Self.maxReasonBytes), as: UTF8.self))
        }
        return writer.bytes
    }

    private var payloadCount: Int {
        switch self {
        case .request(_, _, _, _, let bytes), .reply(_, _, _, let bytes): bytes.count
        case .failed: 0
        }
    }

    /// Reads a message, refusing unknown tags, parts out of range, overlong kinds and trailing bytes.
    init(wireBytes bytes: [UInt8]) throws(WireError) {
        var reader = WireReader(bytes)
        switch Tag(rawValue: try reader.byte()) {
        case .request:
            let id = try reader.unsigned()
            let kind = try reader.string()
            guard (1...Self.maxKindBytes).contains(kind.utf8.count) else {
                throw WireError(description: "task kind of \(kind.utf8.count) bytes")
            }
            let (part, parts) = try Self.readParts(&reader)
            self = .request(id: id, kind: kind, part: part, parts: parts, bytes: try reader.data())
        case .reply:
            let id = try reader.unsigned()
            let (part, parts) = try Self.readParts(&reader)
            self = .reply(id: id, part: part, parts: parts, bytes: try reader.data())
        case .failed:
            let id = try reader.unsigned()
            let reason = try reader.string()
            guard reason.utf8.count <= Self.maxReasonBytes else { throw WireError(description: "overlong failure reason") }
            self = .failed(id: id, reason: reason)
        case nil:
            throw WireError(description: "unknown task message")
        }
        guard reader.isAtEnd else { throw WireError(description: "trailing bytes in a task message") }
    }

    private static func readParts(_ reader: inout WireReader) throws(WireError) -> (Int, Int) {
        let part = try reader.unsigned(), parts = try reader.unsigned()
        guard parts >= 1, parts <= UInt64(maxParts), part < parts else {
            throw WireError(description: "part \(part) of \(parts)")
        }
        return (Int(part), Int(parts))
    }

    /// `bytes` cut into parts of at most `partBytes` each (one empty part for no bytes).
    static func parts(of bytes: [UInt8], partBytes: Int) -> [ArraySlice<UInt8>] {
        precondition(partBytes > 0, "a part holds at least one byte")
        guard !bytes.isEmpty else { return [bytes[...]] }
        return stride(from: 0, to: bytes.count, by: partBytes).map { bytes[$0..<min(bytes.count, $0 + partBytes)] }
    }
}
