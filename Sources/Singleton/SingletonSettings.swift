/// The tunables of the singleton protocol. The defaults suit a nightly job on a LAN or in one
/// Kubernetes cluster: a leader that dies is replaced within about 35 s, and a lease survives two lost
/// renewal rounds in a row.
///
/// Safety needs one inequality, checked by `validate()`: the grantors' `promiseMargin` must cover the
/// clock drift a lease can accumulate, `promiseMargin >= leaseDuration * 2ρ / (1 - ρ)` for
/// ρ = `maxClockDriftRate` (see `SingletonNode` for the argument).
public struct SingletonSettings: Hashable, Sendable {
    /// How long a lease lasts, measured by the candidate from just before it sent its requests. Also
    /// the longest lease a grantor grants (a request for more is refused).
    public var leaseDuration: Duration = .seconds(30)
    /// How much longer than the lease a grantor keeps its promise, on its own clock, counted from when
    /// the request arrived. Covers clock drift between the two nodes.
    public var promiseMargin: Duration = .seconds(2)
    /// The largest rate at which two nodes' monotonic clocks may drift apart, as a fraction
    /// (0.001 = 1000 ppm; crystal oscillators drift about 50 ppm, NTP-disciplined clocks far less).
    public var maxClockDriftRate: Double = 0.001
    /// How often a leader renews its lease (a fresh round of requests to every member).
    public var renewInterval: Duration = .seconds(10)
    /// How long a round of lease requests waits for a majority of grants before it counts as failed.
    public var roundTimeout: Duration = .seconds(2)
    /// How long a candidate waits after a failed attempt before trying again, plus up to `retryJitter`.
    public var retryDelay: Duration = .seconds(3)
    /// The longest wait between attempts: the retry delay doubles with each failed attempt in a row
    /// up to this (a node cut off from the majority asks about twice a minute, not every few seconds).
    public var maxRetryDelay: Duration = .seconds(30)
    /// The random part of the retry delay, so that candidates that collided do not collide again.
    public var retryJitter: Duration = .seconds(2)
    /// When a slot comes due, the node ranked r-th by name waits r times this before asking for the
    /// lease, so that normally the first node asks alone and wins in one round.
    public var staggerPerRank: Duration = .seconds(2)
    /// How often a leader resends a commit proposal to the members that have not acknowledged it.
    public var proposalResendInterval: Duration = .seconds(1)
    /// The most missed slots one catch-up runs (the latest ones); earlier missed slots are skipped and
    /// reported with `SingletonAction.skippedSlots`.
    public var maxCatchUpSlots: Int = 7
    /// How long after a run the shell reported failed this node waits before asking to run it again.
    public var failedRunRetryDelay: Duration = .seconds(60)
    /// How often a node asks one peer (in turn) for committed slots it lacks (anti-entropy for lost
    /// commit announcements and for nodes that were away).
    public var syncInterval: Duration = .seconds(60)
    /// The longest the node goes without a tick, so that a step of the wall clock is noticed in time.
    public var maxTickInterval: Duration = .seconds(60)

    /// Overrides the restart quiet period (tests only: a negative control shows the quiet period matters).
    var restartQuietPeriodOverride: Duration?

    /// The defaults.
    public init() {}

    /// How long a grantor refuses every request after it starts: the longest promise its previous run
    /// could have made, which it has forgotten.
    public var restartQuietPeriod: Duration { restartQuietPeriodOverride ?? leaseDuration + promiseMargin }

    /// The smallest `promiseMargin` that covers drift at `maxClockDriftRate` over one lease.
    public var minimumPromiseMargin: Duration {
        leaseDuration.scaled(by: 2 * maxClockDriftRate / (1 - maxClockDriftRate))
    }

    /// Traps on settings that would break the protocol (a programmer error, not a runtime condition).
    func validate() {
        precondition(leaseDuration >= .milliseconds(10), "leaseDuration must be at least 10 ms")
        precondition((0..<0.1).contains(maxClockDriftRate), "maxClockDriftRate must be in [0, 0.1)")
        precondition(promiseMargin >= minimumPromiseMargin, "promiseMargin \(promiseMargin) does not cover the drift: need \(minimumPromiseMargin)")
        // A renewal must be able to fail at least once and still be retried within the lease.
        precondition(renewInterval > .zero && renewInterval + roundTimeout < leaseDuration, "need 0 < renewInterval and renewInterval + roundTimeout < leaseDuration")
        precondition(roundTimeout > .zero && proposalResendInterval > .zero && syncInterval > .zero, "intervals must be positive")
        precondition(maxRetryDelay >= retryDelay, "maxRetryDelay must be at least retryDelay")
        precondition(retryDelay > .zero && retryJitter >= .zero && staggerPerRank >= .zero && failedRunRetryDelay > .zero, "delays must be positive")
        precondition(maxTickInterval > .zero, "maxTickInterval must be positive")
        precondition(maxCatchUpSlots >= 1, "maxCatchUpSlots must be at least 1")
    }
}
