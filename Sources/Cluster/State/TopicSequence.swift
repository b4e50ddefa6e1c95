/// Per-publisher sequence numbers for cluster pub/sub, and the subscriber's side: in-order
/// delivery is checked per (publisher, topic), so a subscriber knows when it missed a message
/// and can resynchronise from a snapshot. Delivery itself is at most once; this only makes the
/// loss visible.
public struct TopicSequence: Sendable {
    /// Where a publisher's messages on a topic stand, as a subscriber saw them.
    private var received: [Key: UInt64] = [:]
    /// The next number this node gives its own messages, per topic.
    private var published: [String: UInt64] = [:]

    private struct Key: Hashable, Sendable {
        let publisher: String
        let incarnation: UInt64
        let topic: String
    }

    /// What a received message means for the subscriber.
    public enum Arrival: Sendable, Equatable {
        /// The next one expected (or the first from this publisher): deliver it.
        case inOrder
        /// `missed` messages were lost before it: deliver it, and resynchronise.
        case afterGap(missed: UInt64)
        /// Seen already (or older): drop it.
        case duplicate
    }

    public init() {}

    /// The number of this node's next message on `topic` (from 1).
    public mutating func nextNumber(topic: String) -> UInt64 {
        let next = published[topic, default: 0] + 1
        published[topic] = next
        return next
    }

    /// Checks a message numbered `number` from `publisher` (in its life `incarnation`) on `topic`.
    public mutating func arrived(publisher: String, incarnation: UInt64, topic: String, number: UInt64) -> Arrival {
        let key = Key(publisher: publisher, incarnation: incarnation, topic: topic)
        guard let last = received[key] else {
            received[key] = number
            // A publisher seen for the first time (or in a new life) starts where it is.
            return .inOrder
        }
        guard number > last else { return .duplicate }
        received[key] = number
        return number == last + 1 ? .inOrder : .afterGap(missed: number - last - 1)
    }

    /// Forgets a publisher (it left or died), so a restart starts clean.
    public mutating func forget(publisher: String) {
        received = received.filter { $0.key.publisher != publisher }
    }
}
