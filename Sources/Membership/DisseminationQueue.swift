/// Membership news waiting to be piggy-backed, one entry per member (newer news about a member
/// replaces older), each sent a bounded number of times.
///
/// Entries that went out the fewest times go first, and among those the newest, so fresh news
/// spreads before old news is repeated (SWIM section 4.1; memberlist's TransmitLimitedQueue).
struct DisseminationQueue: Hashable, Sendable {
    private struct Entry: Hashable, Sendable {
        var update: MemberUpdate
        var transmissions: Int
        /// Insertion order, to prefer newer news among equals and to keep the order deterministic.
        var order: UInt64
    }

    private var entries: [String: Entry] = [:]
    private var nextOrder: UInt64 = 0

    /// Entries still to be sent.
    var count: Int { entries.count }

    /// Queues `update`, replacing any news about the same member, as never sent.
    mutating func enqueue(_ update: MemberUpdate) {
        entries[update.node.name] = Entry(update: update, transmissions: 0, order: nextOrder)
        nextOrder += 1
    }

    /// The queued news about `name`, if any.
    func update(about name: String) -> MemberUpdate? { entries[name]?.update }

    /// Up to `maxCount` updates for one message, fewest-sent first, leaving out news about `excluded`;
    /// each taken update counts one transmission and is dropped after `transmitLimit` of them.
    mutating func take(_ maxCount: Int, transmitLimit: Int, excluding excluded: String? = nil) -> [MemberUpdate] {
        guard maxCount > 0, !entries.isEmpty else { return [] }
        let chosen = entries.values
            .filter { $0.update.node.name != excluded }
            .sorted { ($0.transmissions, $1.order) < ($1.transmissions, $0.order) }
            .prefix(maxCount)
        for entry in chosen {
            let name = entry.update.node.name
            if entry.transmissions + 1 >= transmitLimit {
                entries[name] = nil
            } else {
                entries[name]?.transmissions += 1
            }
        }
        return chosen.map(\.update)
    }

    /// `multiplier * ceil(log10(n + 1))`: SWIM's λ log n retransmissions for `n` live members.
    static func transmitLimit(multiplier: Int, liveMembers: Int) -> Int {
        var digits = 0
        var rest = liveMembers + 1
        // ceil(log10(x)) for x >= 1 is the number of digits of x - 1 (0 for x == 1).
        rest -= 1
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        return multiplier * Swift.max(1, digits)
    }
}
