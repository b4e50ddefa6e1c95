/// Which member to probe next: SWIM's round-robin over a random permutation of the live members
/// (section 4.3), so every member is probed once per round and a failure is found within a bounded time.
struct ProbeOrder: Hashable, Sendable {
    private var order: [String] = []
    private var index = 0

    /// The next member to probe among `live` (in a stable order), reshuffling when a round ends.
    mutating func next(live: [String], random: inout MembershipRandom) -> String? {
        let liveSet = Set(live)
        // Each pass either returns or consumes one entry; one reshuffle is enough to find any live member.
        var reshuffled = false
        while true {
            if index >= order.count {
                if reshuffled || live.isEmpty { return nil }
                order = live.shuffled(using: &random)
                index = 0
                reshuffled = true
            }
            let name = order[index]
            index += 1
            if liveSet.contains(name) { return name }
        }
    }

    /// Adds a new member at a random place, so nodes that learn of it together do not all probe it at once.
    mutating func insert(_ name: String, random: inout MembershipRandom) {
        guard !order.contains(name) else { return }
        let position = Int.random(in: 0...order.count, using: &random)
        order.insert(name, at: position)
        if position < index { index += 1 }
    }
}
