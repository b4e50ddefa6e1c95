/// The timer of one suspected member, shrinking as independent suspecters confirm (Lifeguard's
/// local-health-aware suspicion).
///
/// It starts at `maximum`. After `c` confirmations from distinct suspecters other than the first, the
/// timeout is `maximum - (maximum - minimum) * log(c + 1) / log(k + 1)`, reaching `minimum` at `k`
/// confirmations, always counted from when the suspicion started. With `k == 0` (a cluster too small
/// for anyone to confirm) it is `minimum` from the start.
struct Suspicion: Hashable, Sendable {
    /// The incarnation the suspicion is about; a refutation or a new suspicion replaces it.
    let incarnation: Incarnation
    /// Who suspected first; passed on when this node tells the suspected member (Lifeguard's buddy system).
    let firstSuspecter: NodeID
    /// When this node started the timer.
    let startedAt: MembershipInstant
    /// The timeout once `confirmationsWanted` suspecters confirmed.
    let minimum: Duration
    /// The timeout with no confirmation.
    let maximum: Duration
    /// Confirmations that bring the timeout down to `minimum`.
    let confirmationsWanted: Int
    /// Everyone who suspected, the first included.
    private(set) var suspecters: Set<String>
    /// Time added when this node stalled (it does not judge peers by time it was not looking).
    private(set) var postponement: Duration = .zero

    init(
        incarnation: Incarnation, firstSuspecter: NodeID, startedAt: MembershipInstant,
        minimum: Duration, maximum: Duration, confirmationsWanted: Int
    ) {
        self.incarnation = incarnation
        self.firstSuspecter = firstSuspecter
        self.startedAt = startedAt
        self.minimum = minimum
        self.maximum = maximum
        self.confirmationsWanted = confirmationsWanted
        self.suspecters = [firstSuspecter.name]
    }

    /// Independent confirmations so far.
    var confirmations: Int { suspecters.count - 1 }

    /// When the member is declared dead unless it refutes.
    var deadline: MembershipInstant { startedAt + timeout + postponement }

    /// The timeout for the confirmations so far.
    var timeout: Duration {
        guard confirmationsWanted > 0 else { return minimum }
        let fraction = naturalLog(Double(confirmations + 1)) / naturalLog(Double(confirmationsWanted + 1))
        let shrunk = maximum - (maximum - minimum).scaled(by: Swift.min(1, fraction))
        return Swift.max(minimum, shrunk)
    }

    /// Counts `suspecter` once; false when it already counted or enough confirmations are in.
    mutating func confirm(by suspecter: NodeID) -> Bool {
        guard confirmations < confirmationsWanted, !suspecters.contains(suspecter.name) else { return false }
        suspecters.insert(suspecter.name)
        return true
    }

    /// Moves the deadline later by `duration`.
    mutating func postpone(by duration: Duration) { postponement += duration }
}

/// The natural logarithm of a positive `x`, without Foundation: `x = m * 2^e` with `m` in [1, 2), and
/// `ln m = 2 atanh((m - 1) / (m + 1))` by its series (|t| <= 1/3, so 12 terms are exact to 1e-12).
func naturalLog(_ x: Double) -> Double {
    precondition(x > 0, "naturalLog needs a positive number")
    let exponent = Double(x.exponent)
    let mantissa = x.significand
    let t = (mantissa - 1) / (mantissa + 1)
    var term = t
    var sum = 0.0
    var n = 1.0
    for _ in 0..<12 {
        sum += term / n
        term *= t * t
        n += 2
    }
    return exponent * 0.693_147_180_559_945_3 + 2 * sum
}

/// `max(1, log10(n))`: how much suspicion timeouts grow with the cluster, as in SWIM and memberlist.
func clusterSizeScale(_ liveMembers: Int) -> Double {
    Swift.max(1, naturalLog(Double(Swift.max(1, liveMembers))) / naturalLog(10))
}
