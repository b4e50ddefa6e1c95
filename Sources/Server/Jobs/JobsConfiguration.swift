import Singleton

/// How this node takes part in the cluster's scheduled jobs (the nightly leaderboard).
public struct JobsConfiguration: Sendable {
    /// The configured cluster size the singleton counts majorities against (`--expected-nodes`).
    /// Every node must be given the same value: a node that believes the cluster is smaller than it
    /// is could win a "majority" alone, and exactly-once would be lost.
    public var expectedNodes = 1
    /// When the leaderboard job runs (UTC cron; `--leaderboard-schedule`).
    public var leaderboardSchedule = CronSchedule.nightly
    /// The singleton protocol's tunables; tests shorten them with `scaled(toLease:)`.
    public var singleton = SingletonSettings()
    /// Testing knob (`--job-run-delay-ms`): how long the shell waits between `startRun` and calling
    /// the job, holding the lease meanwhile, so a test can kill or stop a leader in the middle of a
    /// run whatever the job. Zero in production.
    public var runDelay: Duration = .zero

    public init() {}
}

extension SingletonSettings {
    /// These settings with every duration scaled so that the lease lasts `lease`: a testing knob
    /// (`--singleton-lease-ms`) so a stalled or killed leader is replaced within seconds rather than
    /// the default 30 s. Scaling keeps every inequality `validate()` checks, since each side scales
    /// by the same factor (the drift bound is a ratio).
    public func scaled(toLease lease: Duration) -> SingletonSettings {
        let factor = Double(lease.components.seconds) / Double(leaseDuration.components.seconds)
            + Double(lease.components.attoseconds) / 1e18 / Double(leaseDuration.components.seconds)
        func scale(_ duration: Duration) -> Duration {
            let nanoseconds = Double(duration.components.seconds) * 1e9 + Double(duration.components.attoseconds) / 1e9
            return .nanoseconds(Int64((nanoseconds * factor).rounded(.up)))
        }
        var scaled = self
        scaled.leaseDuration = lease
        scaled.promiseMargin = scale(promiseMargin)
        scaled.renewInterval = scale(renewInterval)
        scaled.roundTimeout = scale(roundTimeout)
        scaled.retryDelay = scale(retryDelay)
        scaled.maxRetryDelay = scale(maxRetryDelay)
        scaled.retryJitter = scale(retryJitter)
        scaled.staggerPerRank = scale(staggerPerRank)
        scaled.proposalResendInterval = scale(proposalResendInterval)
        scaled.failedRunRetryDelay = scale(failedRunRetryDelay)
        scaled.syncInterval = scale(syncInterval)
        scaled.maxTickInterval = scale(maxTickInterval)
        return scaled
    }
}
