/// One node's pursuit of one job: notices when a slot is due, asks for the lease, and as leader runs
/// the due slots in order, committing each through a majority before the next, renewing the lease as
/// it goes and stopping the moment the lease runs out. Driven by `SingletonNode`, which routes its
/// messages (the node's own grantor and ledger answer it like any other member's).
///
/// The life of a leadership:
/// 1. Ask every member under a fresh token (newer than any this node has seen); win with a majority
///    of `expectedNodes`. The grants carry each grantor's latest committed slot and latest accepted
///    proposal.
/// 2. Start from the latest committed slot any grantor knows. If a grantor accepted a proposal for a
///    later slot, that proposal may already be committed by a majority (its leader died before
///    announcing it): propose that same commit again instead of running the slot (Paxos's rule for a
///    new leader; without it, a slot could be committed twice with different outputs).
/// 3. Run each due slot (`CatchUpPlan`): `startRun`, the shell's `runFinished`, a commit proposal to
///    every member, a majority of acknowledgements, a commit announcement. Then the next slot.
/// 4. Release the lease when nothing is due. Renew every `renewInterval` meanwhile; at the lease's end
///    abandon whatever is under way.
public struct SingletonRunner: Sendable {
    enum Phase: Sendable {
        case idle
        case acquiring(LeaseCandidate)
        case leading(Leadership)
    }

    struct Leadership: Sendable {
        var lease: LeaseCandidate
        var nextRenewalAt: SingletonInstant
        /// The latest slot known settled; the plan continues after it.
        var settledThrough: Int64?
        /// Planned slots not yet started, oldest first.
        var pending: [Int64] = []
        var step: Step
    }

    enum Step: Sendable {
        /// Nothing under way (only between steps of one event).
        case none
        /// The shell runs the slot.
        case running(slot: Int64)
        /// The slot's commit is proposed; waiting for a majority of acknowledgements.
        case proposing(slot: Int64, commit: SlotCommit, acks: Set<String>, resendAt: SingletonInstant)
    }

    /// What the runner sees of its node for one event.
    struct Context {
        var now: SingletonTime
        var ledger: SlotLedger
        /// Every live member's name, this node included, sorted.
        var members: [String]
    }

    public let job: SingletonJob
    public let myself: String
    public let expectedNodes: Int
    public let settings: SingletonSettings
    /// When this runner started (Unix seconds); with no committed slot known anywhere, slots count
    /// from when the node first took the job on (`SlotLedger.since`), or else from here.
    public let startedAtUnixSeconds: Int64
    var phase: Phase = .idle
    /// No new attempt before this instant (after a failed one).
    var notBefore: SingletonInstant?
    /// The due slot this runner noticed, and when (the rank stagger counts from then).
    var noticed: (slot: Int64, at: SingletonInstant)?
    /// The newest token this runner used or heard of in a refusal.
    var highestToken = FencingToken.none
    /// Attempts that failed in a row (the retry delay doubles with each).
    var failedAttempts = 0
    var random: SingletonRandom
    var output: [SingletonAction] = []

    init(
        job: SingletonJob, myself: String, expectedNodes: Int, settings: SingletonSettings, startedAtUnixSeconds: Int64,
        randomSeed: UInt64
    ) {
        self.job = job
        self.startedAtUnixSeconds = startedAtUnixSeconds
        self.myself = myself
        self.expectedNodes = expectedNodes
        self.settings = settings
        self.random = SingletonRandom(seed: randomSeed)
    }

    // MARK: Views

    /// The lease this node holds for the job at `now`: its token and its end on this node's clock.
    public func lease(at now: SingletonInstant) -> (token: FencingToken, expiresAt: SingletonInstant)? {
        guard case .leading(let leadership) = phase, leadership.lease.holdsLease(at: now) else { return nil }
        return (leadership.lease.token, leadership.lease.leaseExpiresAt!)
    }

    /// The slot this node is running or committing as leader, if any.
    public var slotUnderWay: Int64? {
        guard case .leading(let leadership) = phase else { return nil }
        switch leadership.step {
        case .none: return nil
        case .running(let slot), .proposing(let slot, _, _, _): return slot
        }
    }

    /// Whether the runner is asking for the lease.
    public var isAcquiring: Bool { if case .acquiring = phase { true } else { false } }

    /// When the runner next needs a tick.
    func nextDeadline(_ context: Context) -> SingletonInstant? {
        switch phase {
        case .idle:
            if let due = dueSlot(context) {
                // No point asking before the view changes (which ticks the node anyway).
                guard context.members.count >= expectedNodes / 2 + 1 else { return nil }
                let startAt = (noticed?.slot == due ? noticed!.at : context.now.monotonic) + stagger(context)
                return max(startAt, notBefore ?? startAt)
            }
            let latest = context.ledger.latestCommitted(for: job.name)?.slot ?? origin(context)
            let seconds = job.schedule.next(after: max(latest, context.now.unixSeconds)) - context.now.unixSeconds
            return context.now.monotonic + .seconds(seconds)
        case .acquiring(let candidate):
            return candidate.roundDeadline
        case .leading(let leadership):
            var deadlines = [leadership.lease.leaseExpiresAt!, leadership.lease.roundDeadline ?? leadership.nextRenewalAt]
            if case .proposing(_, _, _, let resendAt) = leadership.step { deadlines.append(resendAt) }
            return deadlines.min()
        }
    }

    // MARK: Events

    mutating func tick(_ context: Context) -> [SingletonAction] {
        let now = context.now.monotonic
        switch phase {
        case .idle:
            considerStarting(context)
        case .acquiring(var candidate):
            if case .lost(let refusals, let granted) = candidate.checkDeadline(now: now) {
                failAttempt(candidate, refusals: refusals, granted: granted, context)
            }
        case .leading(var leadership):
            guard leadership.lease.holdsLease(at: now) else {
                endLeadership(leadership, abandoning: .leaseExpired, context)
                break
            }
            if case .lost = leadership.lease.checkDeadline(now: now) { leadership.nextRenewalAt = now + settings.roundTimeout }
            if !leadership.lease.isRoundOpen && now >= leadership.nextRenewalAt {
                let request = leadership.lease.startRound(now: now, timeout: settings.roundTimeout)
                leadership.nextRenewalAt = now + settings.renewInterval
                broadcast(.leaseRequest(request), context)
            }
            if case .proposing(let slot, let commit, let acks, let resendAt) = leadership.step, now >= resendAt {
                let proposal = CommitProposal(job: job.name, slot: slot, token: leadership.lease.token, commit: commit)
                for member in context.members where !acks.contains(member) { send(.commitProposal(proposal), to: member) }
                leadership.step = .proposing(slot: slot, commit: commit, acks: acks, resendAt: now + settings.proposalResendInterval)
            }
            phase = .leading(leadership)
        }
        return takeOutput()
    }

    mutating func receivedGrant(_ grant: LeaseGrant, from grantor: String, _ context: Context) -> [SingletonAction] {
        switch phase {
        case .acquiring(var candidate) where candidate.token == grant.token:
            if case .won = candidate.receivedGrant(grant, from: grantor) {
                becomeLeader(candidate, context)
            } else {
                phase = .acquiring(candidate)
            }
        case .leading(var leadership) where leadership.lease.token == grant.token:
            _ = leadership.lease.receivedGrant(grant, from: grantor)
            phase = .leading(leadership)
        default:
            // A grant under a token this runner no longer uses (an attempt that failed, a lease given
            // up): give it back so the grantor can serve others at once.
            send(.leaseRelease(job: job.name, token: grant.token), to: grantor)
        }
        return takeOutput()
    }

    mutating func receivedRefusal(_ refusal: LeaseRefusal, from grantor: String, _ context: Context) -> [SingletonAction] {
        if case .staleToken(let newest) = refusal.reason { highestToken = max(highestToken, newest) }
        switch phase {
        case .acquiring(var candidate):
            if case .lost(let refusals, let granted) = candidate.receivedRefusal(refusal, from: grantor) {
                failAttempt(candidate, refusals: refusals, granted: granted, context)
            } else {
                phase = .acquiring(candidate)
            }
        case .leading(var leadership):
            // A renewal round that cannot win is retried soon; the lease itself runs on.
            if case .lost = leadership.lease.receivedRefusal(refusal, from: grantor) {
                leadership.nextRenewalAt = context.now.monotonic + settings.roundTimeout
            }
            phase = .leading(leadership)
        case .idle:
            break
        }
        return takeOutput()
    }

    mutating func receivedCommitAck(slot: Int64, token: FencingToken, from member: String, _ context: Context) -> [SingletonAction] {
        guard case .leading(var leadership) = phase, leadership.lease.token == token,
            case .proposing(let proposed, let commit, var acks, let resendAt) = leadership.step, proposed == slot
        else { return [] }
        acks.insert(member)
        leadership.step = .proposing(slot: slot, commit: commit, acks: acks, resendAt: resendAt)
        guard acks.count >= leadership.lease.majority else {
            phase = .leading(leadership)
            return []
        }
        // Committed by a majority; announce it only while the lease holds (a stalled leader that wakes
        // up past its lease says nothing; the next leader finds the proposal and commits it again).
        guard leadership.lease.holdsLease(at: context.now.monotonic) else {
            endLeadership(leadership, abandoning: .leaseExpired, context)
            return takeOutput()
        }
        broadcast(.committed(job: job.name, slot: slot, commit: commit), context)
        leadership.settledThrough = max(leadership.settledThrough ?? slot, slot)
        leadership.step = .none
        advance(leadership, context)
        return takeOutput()
    }

    mutating func receivedCommitRefusal(_ refusal: CommitRefusal, from member: String, _ context: Context) -> [SingletonAction] {
        guard case .leading(let leadership) = phase, leadership.lease.token == refusal.token,
            case .proposing(let proposed, _, _, _) = leadership.step, proposed == refusal.slot
        else { return [] }
        switch refusal.reason {
        case .staleToken(let newest):
            // Fenced off: a newer leader exists (this lease ran out somewhere). Stop at once.
            highestToken = max(highestToken, newest)
            endLeadership(leadership, abandoning: .superseded(by: newest), context)
        case .settled:
            endLeadership(leadership, abandoning: .slotSettled, context)
        }
        return takeOutput()
    }

    mutating func runFinished(slot: Int64, token: FencingToken, digest: [UInt8], _ context: Context) -> [SingletonAction] {
        guard case .leading(var leadership) = phase, leadership.lease.token == token,
            case .running(let running) = leadership.step, running == slot
        else { return [] }
        let now = context.now.monotonic
        guard leadership.lease.holdsLease(at: now) else {
            endLeadership(leadership, abandoning: .leaseExpired, context)
            return takeOutput()
        }
        let commit = SlotCommit(runToken: token, digest: digest)
        leadership.step = .proposing(slot: slot, commit: commit, acks: [], resendAt: now + settings.proposalResendInterval)
        phase = .leading(leadership)
        broadcast(.commitProposal(CommitProposal(job: job.name, slot: slot, token: token, commit: commit)), context)
        return takeOutput()
    }

    mutating func runFailed(slot: Int64, token: FencingToken, _ context: Context) -> [SingletonAction] {
        guard case .leading(var leadership) = phase, leadership.lease.token == token,
            case .running(let running) = leadership.step, running == slot
        else { return [] }
        leadership.step = .none
        endLeadership(leadership, abandoning: nil, context)
        notBefore = context.now.monotonic + settings.failedRunRetryDelay
        return takeOutput()
    }
}
