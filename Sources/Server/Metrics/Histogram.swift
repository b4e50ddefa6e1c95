/// A fixed-bucket histogram of durations, in the shape Prometheus expects: cumulative counts per
/// upper bound, a count and a sum.
///
/// A value type: each loop fills its own and merges it into the shared one once per batch, so
/// recording a value is an array increment, not a lock or an atomic.
struct Histogram: Sendable {
    /// Upper bounds of the buckets, in nanoseconds, ascending; the implicit last bucket is +Inf.
    let boundsNanoseconds: [Int64]
    /// Observations per bucket (not cumulative); one more than `boundsNanoseconds`.
    private(set) var counts: [Int]
    /// Sum of all observations, in nanoseconds.
    private(set) var sumNanoseconds: Int64 = 0
    /// Number of observations.
    private(set) var count = 0

    init(boundsNanoseconds: [Int64]) {
        precondition(zip(boundsNanoseconds, boundsNanoseconds.dropFirst()).allSatisfy { $0 < $1 }, "bounds must ascend")
        self.boundsNanoseconds = boundsNanoseconds
        counts = Array(repeating: 0, count: boundsNanoseconds.count + 1)
    }

    /// Tick lag buckets: fine below 5 ms (the target), coarse above.
    static let tickLag = Histogram(boundsNanoseconds: [
        50_000, 100_000, 250_000, 500_000, 1_000_000, 2_000_000, 3_000_000, 4_000_000, 5_000_000,
        7_500_000, 10_000_000, 25_000_000, 50_000_000, 100_000_000, 250_000_000, 1_000_000_000,
    ])

    /// Records one observation.
    mutating func record(nanoseconds value: Int64) {
        let clamped = max(0, value)
        var index = 0
        while index < boundsNanoseconds.count && clamped > boundsNanoseconds[index] { index += 1 }
        counts[index] += 1
        sumNanoseconds &+= clamped
        count += 1
    }

    /// Adds `other`'s observations (same bounds) and empties it.
    mutating func absorb(_ other: inout Histogram) {
        precondition(other.boundsNanoseconds == boundsNanoseconds, "histograms with different buckets")
        guard other.count > 0 else { return }
        for index in counts.indices { counts[index] += other.counts[index] }
        sumNanoseconds &+= other.sumNanoseconds
        count += other.count
        other.counts = Array(repeating: 0, count: counts.count)
        other.sumNanoseconds = 0
        other.count = 0
    }

    /// The smallest bucket bound under which at least `quantile` of the observations fall
    /// (nil when empty; `Int64.max` when it is the +Inf bucket). Coarse, but enough for a test or
    /// a log line; Prometheus computes finer estimates from the exported buckets.
    func upperBound(quantile: Double) -> Int64? {
        guard count > 0 else { return nil }
        let target = Int((Double(count) * quantile).rounded(.up))
        var seen = 0
        for (index, bucket) in counts.enumerated() {
            seen += bucket
            if seen >= target { return index < boundsNanoseconds.count ? boundsNanoseconds[index] : .max }
        }
        return .max
    }
}
