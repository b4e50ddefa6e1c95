/// The values one cron field allows, as a bit set (bit n set = value n allowed; all fields fit in 64 bits).
struct CronValueSet: Hashable, Sendable {
    var bits: UInt64

    init(bits: UInt64 = 0) { self.bits = bits }

    init(_ values: some Sequence<Int>) {
        bits = 0
        for value in values { insert(value) }
    }

    mutating func insert(_ value: Int) {
        precondition((0..<64).contains(value), "cron value \(value) outside 0..<64")
        bits |= 1 << UInt64(value)
    }

    func contains(_ value: Int) -> Bool { (0..<64).contains(value) && bits & (1 << UInt64(value)) != 0 }

    var isEmpty: Bool { bits == 0 }

    /// The smallest value (the set must not be empty).
    var first: Int { bits.trailingZeroBitCount }

    /// The largest value (the set must not be empty).
    var last: Int { 63 - bits.leadingZeroBitCount }

    /// The smallest value >= `value`, if any.
    func next(atOrAfter value: Int) -> Int? {
        guard value < 64 else { return nil }
        let rest = bits >> UInt64(max(value, 0))
        return rest == 0 ? nil : max(value, 0) + rest.trailingZeroBitCount
    }

    /// The largest value <= `value`, if any.
    func previous(atOrBefore value: Int) -> Int? {
        guard value >= 0 else { return nil }
        let kept = value >= 63 ? bits : bits & ((1 << UInt64(value + 1)) - 1)
        return kept == 0 ? nil : 63 - kept.leadingZeroBitCount
    }

    var values: [Int] { (0..<64).filter { contains($0) } }
}
