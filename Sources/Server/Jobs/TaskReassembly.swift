/// Puts multi-part task requests and replies back together, per peer and message id.
///
/// The parts of one message travel in order over the single link to their peer (the cluster link
/// keeps one TCP connection per pair), so a part that is not the next one expected means the link
/// dropped in between: the partial message is thrown away and the sender's timeout or
/// member-left handling takes over. A budget bounds what one peer can make this node hold.
struct TaskReassembly {
    /// Most bytes of unfinished messages held for one peer.
    let maxBytesPerPeer: Int

    private struct Partial {
        var nextPart: Int
        let parts: Int
        var bytes: [UInt8]
    }

    private struct Key: Hashable {
        let peer: String
        let id: UInt64
        let isReply: Bool
    }

    private var partials: [Key: Partial] = [:]
    private var heldBytes: [String: Int] = [:]

    init(maxBytesPerPeer: Int = 512 << 20) {
        self.maxBytesPerPeer = maxBytesPerPeer
    }

    /// What adding a part gave.
    enum Outcome: Equatable {
        /// More parts are due.
        case incomplete
        /// The whole message.
        case complete([UInt8])
        /// The part was out of order or over budget; the partial message is dropped.
        case refused(String)
    }

    /// Adds part `part` of `parts` of message `id` (a reply or a request) from `peer`.
    mutating func add(
        peer: String, id: UInt64, isReply: Bool, part: Int, parts: Int, bytes: [UInt8]
    ) -> Outcome {
        if part == 0, parts == 1 { return .complete(bytes) }
        let key = Key(peer: peer, id: id, isReply: isReply)
        var partial = partials[key] ?? Partial(nextPart: 0, parts: parts, bytes: [])
        guard part == partial.nextPart, parts == partial.parts else {
            drop(key)
            return .refused("part \(part) of \(parts) out of order")
        }
        guard heldBytes[peer, default: 0] + bytes.count <= maxBytesPerPeer else {
            drop(key)
            return .refused("over the reassembly budget")
        }
        partials[key] = nil
        partial.bytes.append(contentsOf: bytes)
        partial.nextPart += 1
        heldBytes[peer, default: 0] += bytes.count
        guard partial.nextPart == parts else {
            partials[key] = partial
            return .incomplete
        }
        heldBytes[peer, default: 0] -= partial.bytes.count
        return .complete(partial.bytes)
    }

    /// Forgets everything unfinished from `peer` (it left, or its link dropped).
    mutating func forget(peer: String) {
        for key in partials.keys where key.peer == peer { partials[key] = nil }
        heldBytes[peer] = nil
    }

    /// Forgets an unfinished reply to `id` from `peer` (its request timed out).
    mutating func forgetReply(peer: String, id: UInt64) { drop(Key(peer: peer, id: id, isReply: true)) }

    /// Bytes held for unfinished messages, all peers together.
    var totalHeldBytes: Int { heldBytes.values.reduce(0, +) }

    private mutating func drop(_ key: Key) {
        guard let partial = partials.removeValue(forKey: key) else { return }
        heldBytes[key.peer, default: 0] -= partial.bytes.count
    }
}
