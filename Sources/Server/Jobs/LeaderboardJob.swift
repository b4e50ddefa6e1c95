import Leaderboard
import Reactor
import ResultStore
import Singleton

/// The nightly ratings: for each slot, rates the games that ended since the previous slot
/// (Glicko-2, one period per slot and game kind), spreads the rating over the live nodes with
/// `TaskFanOut`, and publishes one snapshot per kind to every node, where `committed` makes it the
/// boards that node answers from (`NodeContext.leaderboards`).
///
/// A run, on the node holding the lease (each step checks the run is still the current one, so
/// `abandon` stops it between steps and its output is dropped):
/// 1. pulls missing results from every live peer and waits (at most `catchUpWait`) until this
///    node holds everything they hold, so a result committed elsewhere just before the slot counts;
/// 2. reads the period's results on the result writer's thread, plans and cuts chunks on the
///    tasks worker (`LeaderboardComputation`);
/// 3. fans the chunks out ("rate-chunk"), merges, encodes;
/// 4. publishes to every live node tagged (job, slot, token); each node stores it only if its
///    singleton ledger `admits` the token; then reports the SHA-256 of the snapshots as the digest.
///
/// **Threading.** Confined to the cluster loop (`bridge.loop`), like every `ScheduledJob`;
/// SQLite and rating work run on the tasks worker or the result writer, never on the loop.
final class LeaderboardJob: ScheduledJob, @unchecked Sendable {
    // @unchecked: mutable state is confined to the cluster loop (checked by preconditions).
    let name: String
    let schedule: CronSchedule
    let context: NodeContext
    let bridge: ClusterBridge
    let store: LeaderboardStore
    /// The singleton ledger's fencing check (`SlotLedger.admitsPublication`), called on the loop.
    let admits: (String, FencingToken) -> Bool

    /// How long a run waits for peers' results before reading the period (a tunable).
    var catchUpWait: Duration = .seconds(3)
    /// How long a chunk may take on another node before it is given to the next (a tunable).
    var chunkTimeout: Duration = .seconds(60)
    /// Chunks per node and kind: a few, so a node that dies takes little work with it.
    var chunksPerNode = 4
    /// How long a run waits for an earlier slot's commit to become current here (a tunable).
    var commitWait: Duration = .seconds(30)
    /// How often a node that lacks a committed publication asks its peers again (a tunable).
    var fetchRetryInterval: Duration = .seconds(1)

    /// A run in progress on this node.
    struct ActiveRun {
        let token: FencingToken
        let previousSlot: Int64?
        let run: JobRun
        var fanOut: UInt64?
    }

    var runs: [JobSlot: ActiveRun] = [:]
    /// Committed slots not yet current here (their publication is being read or fetched).
    var committing: Set<JobSlot> = []
    /// What each finished run did, for tests and logs (loop only).
    private(set) var lastRunReport: RunReport?

    /// What a run rated.
    struct RunReport: Equatable {
        var slot: Int64
        var token: FencingToken
        var results: Int
        var kinds: [String]
        var chunks: Int
        var rejectedGames: Int
        var digest: [UInt8]
    }

    /// The job for `context`'s node, on `schedule` (default: the configuration's
    /// `leaderboardSchedule`, itself `CronSchedule.nightly` by default). Opens `leaderboards.sqlite`
    /// in the data directory and makes the committed snapshots kept there current at once (a
    /// restarted node serves boards before any run): it blocks for that disk read, so call it at
    /// start-up, on every node (each serves the job's tasks and gets its `committed`).
    /// - Parameter admits: whether a publication of (job, token) is current
    ///   (`SlotLedger.admitsPublication`); called on the cluster loop.
    init(
        context: NodeContext, bridge: ClusterBridge, name: String = "leaderboard", schedule: CronSchedule? = nil,
        admits: @escaping (String, FencingToken) -> Bool
    ) throws(ResultStoreError) {
        self.name = name
        self.schedule = schedule ?? context.configuration.jobs.leaderboardSchedule
        self.context = context
        self.bridge = bridge
        self.admits = admits
        store = try LeaderboardStore(
            path: context.configuration.dataDirectory + "/leaderboards.sqlite",
            durability: context.configuration.resultDurability)
        try loadCommitted()
        registerHandlers()
    }

    var loop: EventLoop { bridge.loop }
    var tasks: TaskFanOut { bridge.tasks }

    // MARK: ScheduledJob

    func run(_ slot: JobSlot, token: FencingToken, previousSlot: Int64?, run: JobRun) {
        precondition(loop.inLoop, "LeaderboardJob runs on the cluster loop")
        precondition(slot.job == name, "a slot of another job")
        runs[slot] = ActiveRun(token: token, previousSlot: previousSlot, run: run)
        catchUpResults(slot, token)
    }

    func abandon(_ slot: JobSlot, token: FencingToken) {
        precondition(loop.inLoop, "LeaderboardJob runs on the cluster loop")
        guard let active = runs[slot], active.token == token else { return }
        runs[slot] = nil
        if let fanOut = active.fanOut { tasks.cancel(fanOut) }
    }

    func isCurrent(_ slot: JobSlot, _ token: FencingToken) -> Bool { runs[slot]?.token == token }

    // MARK: The run's steps

    /// Reads (previousSlot, slot] on the result writer's thread, then plans on the tasks worker.
    ///
    /// The period starts from this node's current boards, so a commit of an earlier slot still
    /// being read or fetched here (`committing`) is waited for first, at most `commitWait`; past
    /// that the run fails and the singleton retries it later rather than rate from stale ratings.
    func readPeriod(_ slot: JobSlot, _ token: FencingToken, waitingSince: MonotonicInstant = .now()) {
        guard let active = runs[slot], active.token == token else { return }
        if committing.contains(where: { $0.job == name && $0.slot < slot.slot }) {
            guard MonotonicInstant.now() < waitingSince + commitWait else {
                return fail(slot, token, "an earlier slot's boards are still not current here")
            }
            loop.schedule(after: .milliseconds(100)) { [self] in readPeriod(slot, token, waitingSince: waitingSince) }
            return
        }
        let previousSlot = active.previousSlot
        let results = context.results
        let start = previousSlot.map { $0 * 1000 + 1 } ?? Int64.min
        let end = slot.slot * 1000 + 1
        let previous = Dictionary(
            uniqueKeysWithValues: context.leaderboards.current.kinds.compactMap { kind in
                context.leaderboards.current.latest(kind).map { (kind, $0) }
            })
        let chunksPerKind = chunksPerNode * (1 + bridge.liveMembers.count)
        let maxChunkBytes = tasks.partBytes
        let worker = tasks.worker
        results.onWriterThread { [self] in
            let period: [GameResult]
            do {
                period = try results.store.results(endedBetween: start, and: end)
            } catch {
                return loop.execute { [self] in fail(slot, token, "reading the period's results: \(error)") }
            }
            worker.execute { [self] in
                let computation = LeaderboardComputation(
                    slot: slot.slot, games: LeaderboardComputation.games(period), previous: previous,
                    chunksPerKind: chunksPerKind, maxChunkBytes: maxChunkBytes)
                loop.execute { [self] in rate(slot, token, computation, resultCount: period.count) }
            }
        }
    }

    /// Fans the chunks out; merges and encodes on the worker.
    private func rate(_ slot: JobSlot, _ token: FencingToken, _ computation: LeaderboardComputation, resultCount: Int) {
        guard isCurrent(slot, token) else { return }
        let fanOut = tasks.run(RatingTasks.rateChunk, payloads: computation.chunkPayloads, timeout: chunkTimeout) {
            [self] outcome in
            guard isCurrent(slot, token) else { return }
            runs[slot]?.fanOut = nil
            switch outcome {
            case .failure(let failure):
                fail(slot, token, "rating: \(failure)")
            case .success(let outputs):
                let name = name
                tasks.worker.execute { [self] in
                    do {
                        let snapshots = try computation.snapshots(outputs: outputs)
                        let publication = LeaderboardComputation.publication(
                            job: name, slot: slot.slot, token: token.value, snapshots: snapshots)
                        let report = RunReport(
                            slot: slot.slot, token: token, results: resultCount, kinds: snapshots.map(\.kind),
                            chunks: computation.chunkPayloads.count,
                            rejectedGames: computation.plans.reduce(0) { $0 + $1.rejectedGames.count },
                            digest: publication.digest)
                        loop.execute { [self] in publish(slot, token, publication, report) }
                    } catch {
                        loop.execute { [self] in fail(slot, token, "merging: \(error)") }
                    }
                }
            }
        }
        if isCurrent(slot, token) { runs[slot]?.fanOut = fanOut }
    }

    /// Sends the publication to every live node and this one; finishes once this node stored it.
    private func publish(_ slot: JobSlot, _ token: FencingToken, _ publication: StoredPublication, _ report: RunReport) {
        guard isCurrent(slot, token) else { return }
        tasks.each(LeaderboardTasks.publish, publication.wireBytes(), timeout: chunkTimeout) { [self] outcomes in
            guard let active = runs[slot], active.token == token else { return }
            // Peers that missed it fetch it when the slot commits; this node must hold it.
            guard case .success = outcomes[context.nodeName] else {
                return fail(slot, token, "storing the publication here: \(outcomes[context.nodeName].map { "\($0)" } ?? "no answer")")
            }
            runs[slot] = nil
            lastRunReport = report
            active.run.finished(publication.digest)
        }
    }

    private func fail(_ slot: JobSlot, _ token: FencingToken, _ why: String) {
        guard let active = runs[slot], active.token == token else { return }
        runs[slot] = nil
        if let fanOut = active.fanOut { tasks.cancel(fanOut) }
        active.run.failed(why)
    }
}
