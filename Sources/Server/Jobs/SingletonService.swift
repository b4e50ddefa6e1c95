import Logging
import Reactor
import Singleton

/// The shell around `SingletonNode`: runs this node's part of the cluster singleton on one loop
/// (the cluster loop, "roost-cluster"; a node alone uses its first game loop), feeding the pure core
/// its events (membership views, its one timer, `.singleton` messages, job outcomes) and performing
/// the actions it returns, in order.
///
/// Choices worth knowing:
/// - The ledger is written (temp file, fsync, rename, fsync of the directory) before any later
///   action is performed: a grant or acknowledgement must never leave before the promise it carries
///   is on disk. The write runs on its own thread ("roost-ledger"), because an fsync on a busy
///   virtual disk was measured at 8-24 ms on average and up to 470 ms, far past SWIM's 120 ms probe
///   timeout had it blocked the cluster loop. Order is kept by a queue: the core's actions wait behind
///   a pending write, and the core keeps taking events meanwhile (its state is in memory; only what
///   it sends waits). A write stores the ledger as it is when the write starts, which covers every
///   `persistLedger` queued so far, so those are dropped (a write per batch, not per event).
/// - A ledger write that fails stops the process: the node can no longer keep its promises, and
///   carrying on would be worse than restarting from the ledger it last stored (nothing that
///   depended on the failed write has left).
/// - Job callbacks (`JobRun.finished` / `failed`) are always delivered on a later turn of the loop,
///   so a job that finishes inside `run` does not re-enter the core while its actions are performed.
/// - Time is the loop's monotonic clock plus the wall clock of `JobClock`. A test clock that runs
///   faster than real time (`--clock-rate`) would leave slots noticed up to `maxTickInterval` late in
///   simulated time, so the tick interval shrinks with the rate (to at least 50 ms).
final class SingletonService: @unchecked Sendable {
    // @unchecked: everything mutable is used on `loop` only (checked by preconditions).
    let loop: EventLoop
    private var node: SingletonNode
    private let jobs: [String: any ScheduledJob]
    private let ledgerFile: SingletonLedgerFile
    private let clock: JobClock
    private let view: ScheduledJobsView
    private var statuses: [String: ScheduledJobStatus] = [:]
    private var counters = SingletonCounters()
    private var timer: TimerID?
    private var transport: (([UInt8], String) -> Bool)?
    /// `JobsConfiguration.runDelay`, and the runs waiting it out (dropped when abandoned).
    private let runDelay: Duration
    private var delayedRuns: [JobSlot: FencingToken] = [:]
    /// The thread that writes the ledger, the actions waiting behind a write, and whether one is under way.
    private let ledgerWriter: EventLoopGroup
    private var queued: [SingletonAction] = []
    private var writing = false
    private let log: JobLog

    /// A node's singleton, not yet started. `ledger` is what `SingletonLedgerFile.load` returned.
    init(
        nodeName: String, configuration: JobsConfiguration, ledger: SlotLedger, dataDirectory: String, clock: JobClock,
        jobs: [any ScheduledJob], loop: EventLoop, view: ScheduledJobsView, logger: Logger? = nil
    ) throws(SystemError) {
        log = JobLog(logger ?? RoostLogHandler.logger(node: nodeName, format: .text, level: .info))
        ledgerWriter = try EventLoopGroup(loopCount: 1, name: "roost-ledger")
        var settings = configuration.singleton
        if clock.rate > 1 {
            settings.maxTickInterval = min(settings.maxTickInterval, max(.milliseconds(50), .seconds(60 / clock.rate)))
        }
        self.loop = loop
        self.clock = clock
        self.view = view
        runDelay = configuration.runDelay
        ledgerFile = SingletonLedgerFile(directory: dataDirectory)
        var byName: [String: any ScheduledJob] = [:]
        for job in jobs { byName[job.name] = job }
        self.jobs = byName
        let now = SingletonTime(monotonic: SingletonInstant(nanoseconds: MonotonicInstant.now().nanoseconds), unixSeconds: clock.seconds())
        var generator = SystemRandomNumberGenerator()
        node = SingletonNode(
            myself: nodeName, expectedNodes: configuration.expectedNodes,
            jobs: jobs.map { SingletonJob(name: $0.name, schedule: $0.schedule) }, ledger: ledger, settings: settings,
            startedAt: now, randomSeed: generator.next())
        for job in jobs {
            var status = ScheduledJobStatus(name: job.name, schedule: job.schedule)
            for entry in ledger.committedSlots(for: job.name) { status.record(entry) }
            statuses[job.name] = status
        }
    }

    // MARK: Events (on `loop`)

    /// Starts with the live peers `members`; `send` carries a payload on `.singleton` to a node and
    /// says whether it was queued (nil for a node alone).
    func start(members: [String], send: (([UInt8], String) -> Bool)?) {
        precondition(loop.inLoop, "SingletonService runs on its loop")
        transport = send
        log.line(
            "singleton for \(jobs.keys.sorted().joined(separator: ", ")) with \(node.expectedNodes) expected node\(node.expectedNodes == 1 ? "" : "s") (majority \(node.expectedNodes / 2 + 1))", event: "singleton_started")
        handle { node, now in node.membersChanged(members, now: now) }
    }

    /// The live peers changed (a member joined, left or died).
    func membersChanged(_ members: [String]) {
        handle { node, now in node.membersChanged(members, now: now) }
    }

    /// A `.singleton` payload from `sender`; undecodable ones are counted and dropped.
    func received(_ payload: UnsafeRawBufferPointer, from sender: String) {
        switch SingletonMessage.decode(payload) {
        case .success(let message):
            counters.messagesIn += 1
            handle { node, now in node.received(message, from: sender, now: now) }
        case .failure:
            counters.decodeErrors += 1
        }
    }

    private func tick() {
        timer = nil
        handle { node, now in node.tick(now: now) }
    }

    private func runFinished(_ slot: JobSlot, token: FencingToken, digest: [UInt8]) {
        guard digest.count <= SlotCommit.maxDigestBytes else {
            log.line("\(slot.job) slot \(slot.slot) run \(token.value) failed: its digest has \(digest.count) bytes (at most \(SlotCommit.maxDigestBytes))", event: "run_failed")
            return runFailed(slot, token: token)
        }
        handle { node, now in node.runFinished(slot, token: token, digest: digest, now: now) }
    }

    private func runFailed(_ slot: JobSlot, token: FencingToken) {
        statuses[slot.job]?.runsFailed += 1
        handle { node, now in node.runFailed(slot, token: token, now: now) }
    }

    /// One event: the core's step, then its actions in order, then a fresh view.
    private func handle(_ event: (inout SingletonNode, SingletonTime) -> [SingletonAction]) {
        precondition(loop.inLoop, "SingletonService runs on its loop")
        let now = SingletonTime(monotonic: SingletonInstant(nanoseconds: MonotonicInstant.now().nanoseconds), unixSeconds: clock.seconds())
        queued += event(&node, now)
        performQueued()
        publish(at: now.monotonic)
    }

    /// Performs queued actions in order until one is a ledger write, which continues on the writer
    /// thread; `ledgerStored` resumes here once it is durable.
    private func performQueued() {
        while !writing && !queued.isEmpty {
            let action = queued.removeFirst()
            guard case .persistLedger = action else {
                perform(action)
                continue
            }
            queued.removeAll { if case .persistLedger = $0 { true } else { false } }
            writing = true
            let bytes = node.ledger.encode()
            ledgerWriter.loops[0].execute { [self] in
                let started = MonotonicInstant.now()
                let result = Result { () throws(SingletonLedgerFileError) in try ledgerFile.store(bytes) }
                let took = (MonotonicInstant.now() - started).nanoseconds
                loop.execute { [self] in ledgerStored(result, took: took) }
            }
        }
    }

    private func ledgerStored(_ result: Result<Void, SingletonLedgerFileError>, took: Int64) {
        if case .failure(let error) = result {
            log.line("\(error); stopping: the singleton cannot keep its promises without its ledger", event: "ledger_write_failed", level: .critical)
            fatalError("\(error)")
        }
        counters.ledgerWrites += 1
        counters.ledgerWriteNanoseconds += took
        counters.ledgerWriteMaxNanoseconds = max(counters.ledgerWriteMaxNanoseconds, took)
        writing = false
        performQueued()
        publish(at: SingletonInstant(nanoseconds: MonotonicInstant.now().nanoseconds))
    }

    /// Stops the ledger thread after the writes already queued on it.
    func shutdown() { ledgerWriter.shutdown() }

    // MARK: Actions

    private func perform(_ action: SingletonAction) {
        switch action {
        case .persistLedger:
            preconditionFailure("ledger writes are performed by performQueued")
        case .send(let message, let to):
            if transport?(message.encode(), to) == true { counters.messagesOut += 1 }
        case .startRun(let slot, let token):
            startRun(slot, token: token)
        case .abandonRun(let slot, let token, let reason):
            statuses[slot.job]?.runsAbandoned += 1
            log.line("\(slot.job) slot \(slot.slot) run \(token.value) abandoned: \(reason)", event: "run_abandoned")
            if delayedRuns[slot] == token {
                delayedRuns[slot] = nil
            } else {
                jobs[slot.job]?.abandon(slot, token: token)
            }
        case .committed(let slot, let commit):
            statuses[slot.job]?.commitsSeen += 1
            statuses[slot.job]?.record(CommittedSlot(slot: slot.slot, commit: commit))
            log.line("\(slot.job) slot \(slot.slot) committed (run \(commit.runToken.value))", event: "slot_committed")
            jobs[slot.job]?.committed(slot, commit)
        case .skippedSlots(let job, let range):
            statuses[job]?.skipped.append(range)
            log.line(
                "\(job) slots \(range.lowerBound)...\(range.upperBound) skipped: more were missed than one catch-up runs (maxCatchUpSlots \(node.settings.maxCatchUpSlots))", event: "slots_skipped")
        case .leaseChanged(let job, let token, let held):
            log.line("\(job) lease \(held ? "held" : "ended") (token \(token.value))", event: "lease_changed")
        case .scheduleTick(let at):
            if let timer { loop.cancel(timer) }
            timer = loop.schedule(at: MonotonicInstant(nanoseconds: at.nanoseconds)) { [self] in tick() }
        }
    }

    private func startRun(_ slot: JobSlot, token: FencingToken) {
        guard let job = jobs[slot.job] else { return }
        statuses[slot.job]?.runsStarted += 1
        log.line("\(slot.job) slot \(slot.slot) run started (token \(token.value))", event: "run_started")
        let run = JobRun(
            finished: { [self] digest in loop.execute { [self] in runFinished(slot, token: token, digest: digest) } },
            failed: { [self] why in
                log.line("\(slot.job) slot \(slot.slot) run \(token.value) failed: \(why)", event: "run_failed")
                loop.execute { [self] in runFailed(slot, token: token) }
            })
        let previous = job.schedule.previous(atOrBefore: slot.slot - 1)
        guard runDelay > .zero else { return job.run(slot, token: token, previousSlot: previous, run: run) }
        delayedRuns[slot] = token
        loop.schedule(after: runDelay) { [self] in
            guard delayedRuns[slot] == token else { return }
            delayedRuns[slot] = nil
            job.run(slot, token: token, previousSlot: previous, run: run)
        }
    }

    // MARK: Views

    /// Whether a publication under `token` is current for `job` here (see `ScheduledJob.run`).
    func admitsPublication(job: String, token: FencingToken) -> Bool {
        precondition(loop.inLoop, "SingletonService runs on its loop")
        return node.ledger.admitsPublication(job: job, token: token)
    }

    private func publish(at now: SingletonInstant) {
        var jobs: [ScheduledJobStatus] = []
        for name in statuses.keys.sorted() {
            var status = statuses[name]!
            status.lease = node.lease(for: name, at: now).map { ($0.token, MonotonicInstant(nanoseconds: $0.expiresAt.nanoseconds)) }
            jobs.append(status)
        }
        view.publish(ScheduledJobsSnapshot(expectedNodes: node.expectedNodes, clock: clock, jobs: jobs, counters: counters))
    }
}
