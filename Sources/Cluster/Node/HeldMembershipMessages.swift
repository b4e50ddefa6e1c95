import Reactor

/// Membership messages waiting for a link that is being dialed: to a seed known only by its address,
/// or to a member just learned of. Bounded in count per destination and in time, because SWIM treats
/// the network as lossy anyway; holding only saves the first messages to a new peer (a join, the
/// eager gossip push) from being lost to the dial's round trips.
struct HeldMembershipMessages {
    /// Who a held message is for.
    enum Destination: Hashable {
        /// The seed at this `host:port` (as `ClusterPeerAddress.hostPort` spells it).
        case seed(String)
        /// The member with this name.
        case member(String)
    }

    private struct Entry {
        var messages: [[UInt8]] = []
        var expiresAt: MonotonicInstant
    }

    private var entries: [Destination: Entry] = [:]
    let maxPerDestination: Int
    let lifetime: Duration

    init(maxPerDestination: Int, lifetime: Duration) {
        precondition(maxPerDestination > 0 && lifetime > .zero, "held messages need a positive bound and lifetime")
        self.maxPerDestination = maxPerDestination
        self.lifetime = lifetime
    }

    var isEmpty: Bool { entries.isEmpty }

    /// Holds `message` for `destination` until `now + lifetime` (the wait restarts with every message).
    /// Returns how many older messages were dropped to stay within the bound (0 or 1).
    mutating func hold(_ message: [UInt8], for destination: Destination, now: MonotonicInstant) -> Int {
        var entry = entries[destination] ?? Entry(expiresAt: now + lifetime)
        entry.messages.append(message)
        entry.expiresAt = now + lifetime
        let dropped = max(0, entry.messages.count - maxPerDestination)
        entry.messages.removeFirst(dropped)
        entries[destination] = entry
        return dropped
    }

    /// Whether anything waits for `destination`.
    func isHolding(for destination: Destination) -> Bool { entries[destination] != nil }

    /// Removes and returns the messages for `destination`, oldest first.
    mutating func take(for destination: Destination) -> [[UInt8]] {
        entries.removeValue(forKey: destination)?.messages ?? []
    }

    /// Seed addresses with something held, sorted.
    var seedAddresses: [String] {
        entries.keys.compactMap { if case .seed(let address) = $0 { address } else { nil } }.sorted()
    }

    /// Drops every entry whose wait ran out by `now`; returns their destinations and how many
    /// messages went with them.
    mutating func expire(now: MonotonicInstant) -> (destinations: [Destination], droppedMessages: Int) {
        var expired: [Destination] = []
        var dropped = 0
        for (destination, entry) in entries where entry.expiresAt <= now {
            expired.append(destination)
            dropped += entry.messages.count
        }
        for destination in expired { entries[destination] = nil }
        return (expired, dropped)
    }

    /// Forgets everything (the node stopped).
    mutating func removeAll() { entries = [:] }
}
