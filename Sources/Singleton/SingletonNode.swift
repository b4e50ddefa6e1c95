// Exactly once per slot: a majority lease with fencing tokens, and commits that go through a majority.
//
// How it relates to the literature, and what it assumes:
//
// 1. Leases (Gray and Cheriton 1989) granted by a majority, as in Chubby's master lease and Raft's
//    leader lease, but without a replicated log: the only things decided are "who runs the job now"
//    (the lease, for efficiency: normally one run per slot) and "what was committed for a slot" (for
//    safety: exactly one commit per slot). A lease is a promise by each grantor not to grant another
//    candidate until the lease plus `promiseMargin` has passed on the grantor's own clock, counted
//    from when the request arrived; the candidate counts its lease from before it sent the requests.
// 2. Timing assumption, for leases only: monotonic clocks whose rates differ by at most
//    `maxClockDriftRate` (ρ). Wall clocks are never used for leases (they only say when a slot is due).
//    With rates in [1-ρ, 1+ρ], a lease of D on the candidate's clock ends by real time D/(1-ρ) after
//    its send, and a promise of D + m on a grantor's clock lasts at least (D + m)/(1+ρ) after receipt,
//    which comes later; so m >= 2ρD/(1-ρ) keeps every promise alive past the lease it backs
//    (`SingletonSettings.validate` checks it). Two majorities share a grantor, so two leases never
//    overlap, whatever the message delays. A paused process breaks nothing: it only believes it holds
//    the lease longer, and that is what fencing is for.
// 3. Fencing tokens (Chubby's sequencers, Kleppmann's fencing): each lease has a token newer than any
//    its grantors have seen; grantors persist the newest one (in the `SlotLedger`) before granting,
//    and every node refuses a commit proposal or a publication under an older token. So a leader that
//    stalls past its lease and wakes up cannot commit over a newer run: the newer leader's majority
//    has seen the newer token. This part needs no timing assumption at all.
// 4. Commits are Paxos's phase 2, with the lease acquisition as phase 1 and the token as the ballot:
//    a slot is committed when a majority accepted its proposal. A new leader learns from its grants
//    the latest committed slot and the latest accepted proposal of each grantor, and proposes an
//    accepted-but-unannounced commit again instead of re-running its slot. Without this, a leader
//    that got its majority and died before announcing would let the next leader commit the slot a
//    second time, differently. Unlike Multi-Paxos or Raft there is no log to replicate: slots are
//    committed one at a time, in order, by whoever holds the lease, so one accepted proposal per
//    job and the latest committed slot are the whole state to carry over.
// 5. Majority of the configured cluster size (`expectedNodes`), never of the live view: a minority
//    side that declared the others dead still cannot win. Assumes at most `expectedNodes` node names
//    (a StatefulSet's stable names), one process per name at a time.
// 6. Restarts: grantors keep promises in memory only, so a restarted grantor refuses every request
//    for `restartQuietPeriod` (lease + margin) after it starts; by then every lease it granted
//    before has ended. Tokens, accepted proposals and commits are in the ledger, which the shell
//    persists before any answer that depends on it leaves; a node whose disk is lost must come back
//    under a new name (Paxos acceptors must not forget).
// 7. Tokens are chosen by the candidate, not computed from the grants: newer than any token it has
//    seen, promised or used, and a grantor refuses one that is not newer than its own newest (saying
//    which, so the next attempt jumps past it). The grantor records the token before granting. The
//    alternative, "max of the grantors' tokens + 1, carried in the grants", leaves the grantors
//    unaware of the token until the leader tells them; a leader that stalls before it does lets the
//    next majority compute a token no newer than its own, and its late commit would then pass the
//    fencing check.
// 8. Liveness needs a majority that can talk within `roundTimeout` and clocks within the drift
//    bound; candidates stagger by rank and back off with jitter, as Raft's randomized timeouts do.
//    Commit announcements are best effort: a lost one is recovered from the next proposal under the
//    same token, from the next leader's grants, or from the periodic sync with a peer.

/// The singleton protocol on one node: its grantor, its ledger, and a runner per job. Events in,
/// actions out; no I/O, no clocks, no threads.
///
/// Driving it from the shell:
/// 1. At start: `init(...)` with the ledger restored from storage (or empty), the configured cluster
///    size, the jobs, and the time; then `membersChanged(_:now:)` with the live peers' names, and
///    again whenever the membership view changes.
/// 2. Events: `tick(now:)` when a `scheduleTick(at:)` comes due; `received(_:from:now:)` for each
///    decoded message with the sender's node name; `runFinished` / `runFailed` when a run ends.
/// 3. Perform the returned actions in order: `persistLedger` (first when present) stores
///    `ledger.encode()` durably; `send` goes over the cluster link; `startRun` / `abandonRun` start and
///    stop the job; `committed` makes a run's output the slot's output; `scheduleTick` sets the timer.
/// 4. Publications of a run's output carry its token; accept one only if `ledger.admitsPublication`.
public struct SingletonNode: Sendable {
    /// This node's name (`SingletonName.isValid`; the Membership node name).
    public let myself: String
    /// The configured cluster size; majorities are counted against it.
    public let expectedNodes: Int
    /// The tunables in use.
    public let settings: SingletonSettings
    /// This node's durable state; persist it when told to.
    public private(set) var ledger: SlotLedger
    /// This node's grantor (promises are not persisted).
    public private(set) var grantor: LeaseGrantor
    /// One runner per job, sorted by job name.
    public private(set) var runners: [SingletonRunner]
    /// The live other members, sorted.
    public private(set) var peers: [String] = []

    var nextSyncAt: SingletonInstant?
    var syncTurn = 0
    var ledgerChanged = false
    var output: [SingletonAction] = []
    /// Messages this node sent itself during the event, handled in order once the current step is done.
    var selfInbox: [SingletonMessage] = []

    /// Most committed slots one sync answer carries.
    static let maxSyncEntries = 8

    /// A node starting now.
    /// - Parameters:
    ///   - myself: this node's name.
    ///   - expectedNodes: the configured cluster size (say `--expected-nodes`), at least 1.
    ///   - jobs: the jobs to run, with distinct names. Every node should run the same jobs: a node
    ///     grants and accepts only for the jobs it runs.
    ///   - ledger: the ledger this node stored before, or an empty one the very first time.
    ///   - startedAt: the time now (the grantor's quiet period counts from it; with nothing committed
    ///     anywhere, slots count from it).
    ///   - randomSeed: seeds the retry jitter.
    public init(
        myself: String, expectedNodes: Int, jobs: [SingletonJob], ledger: SlotLedger = SlotLedger(),
        settings: SingletonSettings = SingletonSettings(), startedAt: SingletonTime, randomSeed: UInt64
    ) {
        precondition(SingletonName.isValid(myself), "invalid node name \"\(myself)\": see SingletonName.isValid")
        precondition(expectedNodes >= 1, "expectedNodes must be at least 1")
        precondition(Set(jobs.map(\.name)).count == jobs.count, "job names must be distinct")
        settings.validate()
        self.myself = myself
        self.expectedNodes = expectedNodes
        self.settings = settings
        self.ledger = ledger
        self.grantor = LeaseGrantor(settings: settings, startedAt: startedAt.monotonic)
        for job in jobs where self.ledger.takeOn(job: job.name, at: startedAt.unixSeconds) { ledgerChanged = true }
        self.runners = jobs.sorted { $0.name < $1.name }.enumerated().map { index, job in
            SingletonRunner(
                job: job, myself: myself, expectedNodes: expectedNodes, settings: settings,
                startedAtUnixSeconds: startedAt.unixSeconds, randomSeed: randomSeed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        }
    }

    // MARK: Views

    /// The lease this node holds for `job` at `now`, if it is the leader.
    public func lease(for job: String, at now: SingletonInstant) -> (token: FencingToken, expiresAt: SingletonInstant)? {
        runners.first { $0.job.name == job }?.lease(at: now)
    }

    /// Every live member's name, this node included, sorted.
    var members: [String] { (peers + [myself]).sorted() }

    // MARK: Events

    /// The live view changed: `peers` are the other members this node can reach now (names that are
    /// not `SingletonName.isValid` are left out). The view only decides whom to ask and whether asking
    /// is worth it; majorities count `expectedNodes`.
    public mutating func membersChanged(_ peers: [String], now: SingletonTime) -> [SingletonAction] {
        self.peers = Set(peers.filter(SingletonName.isValid)).subtracting([myself]).sorted()
        return tick(now: now)
    }

    /// The committed slot of `job` after which its history has a hole: the next slot of the schedule
    /// is not recorded though a later one is. Nil when there is none. (Slots that catch-up skipped
    /// are holes for good; asking about them again costs one answer per sync.)
    func firstGap(in job: SingletonJob) -> Int64? {
        let committed = ledger.committedSlots(for: job.name)
        for (entry, next) in zip(committed, committed.dropFirst()) where job.schedule.next(after: entry.slot) != next.slot {
            return entry.slot
        }
        return nil
    }

    /// Time passed: call at the instant of the last `scheduleTick`, or any time sooner.
    public mutating func tick(now: SingletonTime) -> [SingletonAction] {
        for index in runners.indices {
            let actions = runners[index].tick(context(now))
            route(actions, now: now)
        }
        if !peers.isEmpty, now.monotonic >= nextSyncAt ?? now.monotonic {
            let peer = peers[syncTurn % peers.count]
            syncTurn &+= 1
            for runner in runners {
                let latest = ledger.latestCommitted(for: runner.job.name)?.slot
                output.append(.send(.syncRequest(job: runner.job.name, after: latest), to: peer))
                // A commit announced while this node was cut off or stopped, when it heard later ones.
                if let gap = firstGap(in: runner.job), gap != latest {
                    output.append(.send(.syncRequest(job: runner.job.name, after: gap), to: peer))
                }
            }
            nextSyncAt = now.monotonic + settings.syncInterval
        }
        return finish(now: now)
    }

    /// A message arrived from the node named `sender` (a message from a name that is not
    /// `SingletonName.isValid`, or from this node's own name, is ignored).
    public mutating func received(_ message: SingletonMessage, from sender: String, now: SingletonTime) -> [SingletonAction] {
        if sender != myself && SingletonName.isValid(sender) { handle(message, from: sender, now: now) }
        return finish(now: now)
    }

    /// The run of `slot` under `token` finished; `digest` names its output (see `SlotCommit`). Ignored
    /// if this node no longer runs that slot under that token (the shell then discards the output).
    public mutating func runFinished(_ slot: JobSlot, token: FencingToken, digest: [UInt8], now: SingletonTime) -> [SingletonAction] {
        precondition(digest.count <= SlotCommit.maxDigestBytes, "a digest holds at most \(SlotCommit.maxDigestBytes) bytes")
        if let index = runnerIndex(slot.job) {
            route(runners[index].runFinished(slot: slot.slot, token: token, digest: digest, context(now)), now: now)
        }
        return finish(now: now)
    }

    /// The run of `slot` under `token` failed; the node gives the lease up and asks again after
    /// `failedRunRetryDelay` (another node may take the slot meanwhile).
    public mutating func runFailed(_ slot: JobSlot, token: FencingToken, now: SingletonTime) -> [SingletonAction] {
        if let index = runnerIndex(slot.job) { route(runners[index].runFailed(slot: slot.slot, token: token, context(now)), now: now) }
        return finish(now: now)
    }

    // MARK: Handling

    func context(_ now: SingletonTime) -> SingletonRunner.Context {
        SingletonRunner.Context(now: now, ledger: ledger, members: members)
    }

    func runnerIndex(_ job: String) -> Int? { runners.firstIndex { $0.job.name == job } }

    mutating func handle(_ message: SingletonMessage, from sender: String, now: SingletonTime) {
        // Only the jobs this node runs: a job it does not know has no ledger entry to keep.
        guard let index = runnerIndex(message.job) else { return }
        switch message {
        case .leaseRequest(let request):
            let answer = grantor.received(request, from: sender, now: now.monotonic, ledger: &ledger)
            if case .grant(_, ledgerChanged: true) = answer { ledgerChanged = true }
            reply(answer.message, to: sender, now: now)
        case .leaseGrant(let grant):
            route(runners[index].receivedGrant(grant, from: sender, context(now)), now: now)
        case .leaseRefusal(let refusal):
            route(runners[index].receivedRefusal(refusal, from: sender, context(now)), now: now)
        case .leaseRelease(let job, let token):
            grantor.receivedRelease(job: job, token: token, from: sender)
        case .commitProposal(let proposal):
            switch ledger.accept(proposal, from: sender) {
            case .accepted(let changed, let learned):
                if changed { ledgerChanged = true }
                if let learned { output.append(.committed(JobSlot(job: proposal.job, slot: learned.slot), learned.commit)) }
                reply(.commitAck(job: proposal.job, slot: proposal.slot, token: proposal.token), to: sender, now: now)
            case .refused(let reason):
                reply(.commitRefusal(CommitRefusal(job: proposal.job, slot: proposal.slot, token: proposal.token, reason: reason)), to: sender, now: now)
            }
        case .commitAck(_, let slot, let token):
            route(runners[index].receivedCommitAck(slot: slot, token: token, from: sender, context(now)), now: now)
        case .commitRefusal(let refusal):
            route(runners[index].receivedCommitRefusal(refusal, from: sender, context(now)), now: now)
        case .committed(let job, let slot, let commit):
            if ledger.recordCommitted(job: job, slot: slot, commit: commit) == .recorded {
                ledgerChanged = true
                output.append(.committed(JobSlot(job: job, slot: slot), commit))
            }
        case .syncRequest(let job, let after):
            let known = ledger.committedSlots(for: job)
            let answer = after.map { after in Array(known.filter { $0.slot > after }.prefix(Self.maxSyncEntries)) }
                ?? Array(known.suffix(Self.maxSyncEntries))
            for entry in answer { reply(.committed(job: job, slot: entry.slot, commit: entry.commit), to: sender, now: now) }
        }
    }

    /// Takes a runner's actions: messages to this node go to its own inbox, the rest to the shell.
    /// A new attempt's token is noted in the ledger, which is persisted before the requests leave.
    mutating func route(_ actions: [SingletonAction], now: SingletonTime) {
        for action in actions {
            if case .send(.leaseRequest(let request), _) = action, ledger.noteOwnAttempt(job: request.job, token: request.token) {
                ledgerChanged = true
            }
            if case .send(let message, let to) = action, to == myself {
                selfInbox.append(message)
            } else {
                output.append(action)
            }
        }
    }

    mutating func reply(_ message: SingletonMessage, to member: String, now: SingletonTime) {
        if member == myself { selfInbox.append(message) } else { output.append(.send(message, to: member)) }
    }

    /// The event's actions, after the messages this node sent itself are handled: the ledger write
    /// first (everything sent depends on it), the tick last.
    mutating func finish(now: SingletonTime) -> [SingletonAction] {
        // Bounded: each self-message is answered at most once, and answers end in at most one new step.
        var handled = 0
        while !selfInbox.isEmpty {
            handled += 1
            precondition(handled < 10_000, "singleton node \(myself) keeps messaging itself")
            handle(selfInbox.removeFirst(), from: myself, now: now)
        }
        var actions = output
        output = []
        if ledgerChanged { actions.insert(.persistLedger, at: 0) }
        ledgerChanged = false
        let context = context(now)
        var deadline = now.monotonic + settings.maxTickInterval
        for runner in runners { if let next = runner.nextDeadline(context) { deadline = min(deadline, next) } }
        if !peers.isEmpty { deadline = min(deadline, nextSyncAt ?? now.monotonic) }
        actions.append(.scheduleTick(at: deadline))
        return actions
    }
}
