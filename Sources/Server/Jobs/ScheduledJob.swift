import Singleton

/// A job the cluster runs once per slot of its UTC cron schedule, on whichever node holds the
/// singleton's lease for it (see `SingletonService`). Every method is called on the cluster loop
/// and returns quickly: heavy work goes to a worker thread, and its answer comes back to the
/// cluster loop before `finished` is called.
protocol ScheduledJob: AnyObject {
    /// The key its slots are committed under: `a-z 0-9 -`, at most 32 characters.
    var name: String { get }
    /// When it runs (UTC; `CronSchedule.nightly` is `0 3 * * *`).
    var schedule: CronSchedule { get }

    /// This node holds the lease for `slot` under `token`: compute the slot's output, publish it to
    /// every live node tagged with `token` (a node keeps a publication only if its singleton ledger
    /// admits the token: `SingletonService.admitsPublication`), then call `run.finished` with a
    /// digest naming the output (at most 64 bytes), or `run.failed`. Called at most once per
    /// (slot, token).
    func run(_ slot: JobSlot, token: FencingToken, previousSlot: Int64?, run: JobRun)

    /// Stop the run of `slot` under `token` and discard its output: the lease is gone.
    func abandon(_ slot: JobSlot, token: FencingToken)

    /// On every node, exactly once per slot (restarts included): `commit` names the run whose
    /// output is the slot's output. Make it current here; fetch it from a peer if this node never
    /// got that run's publication.
    func committed(_ slot: JobSlot, _ commit: SlotCommit)
}

/// How a run reports its end to the singleton (on the cluster loop).
struct JobRun {
    /// The output is published; `digest` names it (at most `SlotCommit.maxDigestBytes`).
    let finished: (_ digest: [UInt8]) -> Void
    /// The run could not produce its output; the singleton retries later.
    let failed: (_ why: String) -> Void
}
