/// A token bucket: `rate` tokens per second refill up to `burst`; each admitted event spends some.
///
/// Pure arithmetic on a caller-supplied monotonic clock in nanoseconds, so a connection's message
/// and byte limits cost two multiplications per message and tests need no sleeping.
struct TokenBucket {
    /// Tokens added per second.
    let ratePerSecond: Int64
    /// The most tokens the bucket holds (the burst above the average rate).
    let burst: Int64
    /// Tokens available, scaled by 10^9 so sub-token refills between close calls are not lost.
    private var nanoTokens: Int64
    /// When `nanoTokens` was last brought up to date.
    private var updatedAt: Int64

    /// A full bucket at `nowNanoseconds`.
    init(ratePerSecond: Int, burst: Int, nowNanoseconds: Int64) {
        precondition(ratePerSecond > 0 && burst > 0, "a token bucket needs a positive rate and burst")
        self.ratePerSecond = Int64(ratePerSecond)
        self.burst = Int64(burst)
        nanoTokens = Int64(burst) * 1_000_000_000
        updatedAt = nowNanoseconds
    }

    /// Takes `cost` tokens if the bucket holds them; a refused take leaves the bucket unchanged.
    mutating func take(_ cost: Int = 1, nowNanoseconds: Int64) -> Bool {
        refill(nowNanoseconds)
        let needed = Int64(cost) * 1_000_000_000
        guard nanoTokens >= needed else { return false }
        nanoTokens -= needed
        return true
    }

    private mutating func refill(_ now: Int64) {
        let elapsed = now - updatedAt
        guard elapsed > 0 else { return }
        updatedAt = now
        let cap = burst * 1_000_000_000
        // elapsed × rate overflows Int64 only after ~290 years at 1 token/s; cap first anyway.
        let (added, overflow) = elapsed.multipliedReportingOverflow(by: ratePerSecond)
        nanoTokens = overflow ? cap : min(cap, nanoTokens + added)
    }
}
