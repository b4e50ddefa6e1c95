/// The only source of randomness in the membership core: SplitMix64 seeded by the shell, so a test
/// replays a run exactly from its seed.
struct MembershipRandom: RandomNumberGenerator, Hashable, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Up to `count` distinct elements of `candidates` in random order (candidates must be in a stable order).
    mutating func pick<T>(_ count: Int, from candidates: [T]) -> [T] {
        var pool = candidates
        var chosen: [T] = []
        while chosen.count < count && !pool.isEmpty {
            chosen.append(pool.swapAt(last: Int.random(in: 0..<pool.count, using: &self)))
        }
        return chosen
    }
}

extension Array {
    /// Removes the element at `index` in O(1) by moving the last element there.
    fileprivate mutating func swapAt(last index: Int) -> Element {
        swapAt(index, count - 1)
        return removeLast()
    }
}
