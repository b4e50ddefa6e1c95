import Reactor
import Singleton
import Synchronization

/// What the singleton shell shows of itself to `/api/jobs` and `/metrics`: a value it publishes
/// from the cluster loop after every event, read whole by HTTP handlers on any shard.
final class ScheduledJobsView: Sendable {
    private let snapshot = Mutex<ScheduledJobsSnapshot?>(nil)

    /// The latest published state; nil until the service has started.
    var current: ScheduledJobsSnapshot? { snapshot.withLock { $0 } }

    func publish(_ value: ScheduledJobsSnapshot) { snapshot.withLock { $0 = value } }
}

/// The singleton shell's state at one moment.
struct ScheduledJobsSnapshot: Sendable {
    /// The configured cluster size majorities count against.
    var expectedNodes: Int
    /// The clock slots are due by (a test may run it fast).
    var clock: JobClock
    /// One entry per registered job, by name.
    var jobs: [ScheduledJobStatus]
    var counters: SingletonCounters
}

/// One job as this node sees it.
struct ScheduledJobStatus: Sendable {
    /// Most committed slots kept for display.
    static let historyLimit = 100

    var name: String
    var schedule: CronSchedule
    /// This node's lease, when it leads: the token and its end on the monotonic clock.
    var lease: (token: FencingToken, expiresAt: MonotonicInstant)?
    /// Committed slots this node knows, oldest first (the ledger's history, then every commit since).
    var committed: [CommittedSlot] = []
    /// Ranges that catch-up skipped since this process started.
    var skipped: [ClosedRange<Int64>] = []
    /// Runs this node started, abandoned, and commits it was told of, since it started.
    var runsStarted = 0
    var runsAbandoned = 0
    var runsFailed = 0
    var commitsSeen = 0

    /// Adds a commit, keeping the list in slot order and at most `historyLimit` long.
    mutating func record(_ entry: CommittedSlot) {
        if let last = committed.last, last.slot >= entry.slot {
            // Out of order (a sync filled a gap): insert in place; never twice (the core says once).
            let index = committed.firstIndex { $0.slot >= entry.slot }!
            if committed[index].slot != entry.slot { committed.insert(entry, at: index) }
        } else {
            committed.append(entry)
        }
        if committed.count > Self.historyLimit { committed.removeFirst(committed.count - Self.historyLimit) }
    }
}

/// The singleton shell's own counters (the jobs' counters are per job).
struct SingletonCounters: Sendable {
    /// `.singleton` payloads that did not decode (dropped).
    var decodeErrors = 0
    var messagesIn = 0
    var messagesOut = 0
    /// Ledger writes (each fsynced twice, on the ledger thread), and the time they took.
    var ledgerWrites = 0
    var ledgerWriteNanoseconds: Int64 = 0
    var ledgerWriteMaxNanoseconds: Int64 = 0
}
