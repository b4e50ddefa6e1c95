/// The latest sequenced messages of a session, kept so a client that lost its connection can get
/// every message after the last one it saw (`hello.resume.lastSeq`).
///
/// A ring of `capacity` entries. Entries hold the messages before encoding: a shared push costs a
/// reference, not a copy of its bytes, so keeping 1,024 messages for every session stays cheap.
struct ReplayBuffer {
    /// How many messages the buffer keeps.
    let capacity: Int
    private var entries: [OutboundMessage?]
    /// The seq of the newest message appended (0 before the first).
    private(set) var lastSeq = 0
    private var count = 0

    init(capacity: Int) {
        precondition(capacity >= 1, "a replay buffer keeps at least one message")
        self.capacity = capacity
        entries = []
    }

    /// The seq of the oldest message still kept (`lastSeq + 1` when empty).
    var firstSeq: Int { lastSeq - count + 1 }

    /// Appends the message numbered `lastSeq + 1` and returns that number.
    mutating func append(_ message: OutboundMessage) -> Int {
        lastSeq += 1
        if entries.count < capacity {
            entries.append(message)
        } else {
            entries[(lastSeq - 1) % capacity] = message
        }
        count = min(count + 1, capacity)
        return lastSeq
    }

    /// Why the messages after `seq` cannot be replayed, if they cannot.
    enum Gap: Error, Equatable {
        /// `seq` is beyond what was sent.
        case ahead
        /// Some messages after `seq` were already dropped from the ring.
        case dropped
    }

    /// The messages numbered `seq + 1 ... lastSeq` in order, or why they are not all here.
    func messages(after seq: Int) -> Result<[(seq: Int, message: OutboundMessage)], Gap> {
        guard seq >= 0, seq <= lastSeq else { return .failure(.ahead) }
        guard seq + 1 >= firstSeq else { return .failure(.dropped) }
        var result: [(seq: Int, message: OutboundMessage)] = []
        result.reserveCapacity(lastSeq - seq)
        var next = seq + 1
        while next <= lastSeq {
            result.append((next, entries[(next - 1) % capacity]!))
            next += 1
        }
        return .success(result)
    }
}
