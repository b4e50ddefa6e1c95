/// Follows a session's `seq` numbers (spec §2): each sequenced message should be the one after the
/// last; a client remembers the highest it processed (`lastSeq`) to resume from it.
public struct SequenceTracker: Hashable, Sendable {
    /// How a message's `seq` relates to what came before.
    public enum Check: Hashable, Sendable {
        /// Not part of the sequence (`welcome`, `pong`, `redirect`, an `error` before `welcome`).
        case unsequenced
        /// The expected next message.
        case inOrder
        /// Already processed (at or below `lastSeq`): a duplicate to drop.
        case duplicate
        /// Messages are missing between `lastSeq` and this one: `expected` came as `received`.
        case gap(expected: Int, received: Int)
    }

    /// The highest `seq` processed so far; 0 before the first.
    public private(set) var lastSeq: Int

    /// A tracker that has processed everything up to `lastSeq`.
    public init(lastSeq: Int = 0) {
        precondition(lastSeq >= 0, "seq numbers start at 1")
        self.lastSeq = lastSeq
    }

    /// Checks `seq` and moves `lastSeq` forward unless it is a duplicate. After a gap the tracker
    /// continues from the new number: what is missing cannot come anymore on this session.
    public mutating func received(seq: Int?) -> Check {
        guard let seq else { return .unsequenced }
        if seq <= lastSeq { return .duplicate }
        let expected = lastSeq + 1
        lastSeq = seq
        return seq == expected ? .inOrder : .gap(expected: expected, received: seq)
    }

    /// Starts over at `lastSeq` (0 for a new session, whose `seq` restarts at 1).
    public mutating func reset(to lastSeq: Int = 0) {
        self = SequenceTracker(lastSeq: lastSeq)
    }
}
