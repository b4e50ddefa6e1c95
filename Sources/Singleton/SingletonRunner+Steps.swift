// The steps of a runner's life: deciding to ask, failing, leading, planning and giving up.

extension SingletonRunner {
    /// The first slot due and not settled in this node's ledger (with no committed slot, the first
    /// after this runner started).
    func dueSlot(_ context: Context) -> Int64? {
        let next = job.schedule.next(after: context.ledger.latestCommitted(for: job.name)?.slot ?? origin(context))
        return next <= context.now.unixSeconds ? next : nil
    }

    /// Where slots count from when nothing is committed: when this node first took the job on.
    func origin(_ context: Context) -> Int64 { context.ledger.since(for: job.name) ?? startedAtUnixSeconds }

    /// This node's wait before its first attempt at a due slot: its rank among the live members by
    /// name times `staggerPerRank`, so that normally one node asks alone.
    func stagger(_ context: Context) -> Duration {
        settings.staggerPerRank * (context.members.firstIndex(of: myself) ?? 0)
    }

    mutating func considerStarting(_ context: Context) {
        let now = context.now.monotonic
        guard let due = dueSlot(context) else {
            noticed = nil
            return
        }
        if noticed?.slot != due { noticed = (due, now) }
        guard now >= noticed!.at + stagger(context), now >= notBefore ?? now else { return }
        // Asking is pointless while the live view holds no majority of the configured size (the view
        // only saves the effort; the grants are what count).
        guard context.members.count >= expectedNodes / 2 + 1 else { return }
        // Newer than any token this node has seen, promised, or used itself (the ledger keeps its own
        // last attempt's, persisted before the requests leave, so a restart never reuses one).
        let token = max(highestToken, context.ledger.newestToken(for: job.name), context.ledger.ownToken(for: job.name)).successor
        highestToken = token
        var candidate = LeaseCandidate(job: job.name, token: token, expectedNodes: expectedNodes, leaseDuration: settings.leaseDuration)
        let request = candidate.startRound(now: now, timeout: settings.roundTimeout)
        phase = .acquiring(candidate)
        broadcast(.leaseRequest(request), context)
    }

    mutating func failAttempt(
        _ candidate: LeaseCandidate, refusals: [String: LeaseRefusal.Reason], granted: [String], _ context: Context
    ) {
        for grantor in granted { send(.leaseRelease(job: job.name, token: candidate.token), to: grantor) }
        // Wait at least as long as the shortest promise that stood in the way, plus jitter.
        let hints = refusals.values.compactMap { reason -> Duration? in
            switch reason {
            case .leased(_, let remaining), .restarting(let remaining): .milliseconds(Int64(clamping: remaining))
            case .staleToken, .leaseTooLong: nil
            }
        }
        let backoff = min(settings.retryDelay * (1 << min(failedAttempts, 16)), settings.maxRetryDelay)
        failedAttempts += 1
        let wait = max(backoff, hints.min() ?? .zero) + random.jitter(upTo: settings.retryJitter)
        notBefore = context.now.monotonic + wait
        phase = .idle
    }

    mutating func becomeLeader(_ candidate: LeaseCandidate, _ context: Context) {
        failedAttempts = 0
        output.append(.leaseChanged(job: job.name, token: candidate.token, held: true))
        let reports = candidate.reports.values
        // Committed slots the grantors know and this node does not: record them here too.
        var told: Set<Int64> = []
        for committed in reports.compactMap(\.latestCommitted).sorted(by: { $0.slot < $1.slot })
        where context.ledger.status(of: JobSlot(job: job.name, slot: committed.slot)) == .open && told.insert(committed.slot).inserted {
            send(.committed(job: job.name, slot: committed.slot, commit: committed.commit), to: myself)
        }
        let settled = (reports.compactMap(\.latestCommitted?.slot) + [context.ledger.latestCommitted(for: job.name)?.slot].compactMap { $0 }).max()
        let expiry = candidate.leaseExpiresAt!
        var leadership = Leadership(
            lease: candidate, nextRenewalAt: expiry + (settings.renewInterval - settings.leaseDuration),
            settledThrough: settled, step: .none)
        // A proposal after the latest committed slot may have been accepted by a majority: commit it
        // again, unchanged (the one with the newest token wins, as in Paxos).
        let open = reports.compactMap(\.accepted).filter { settled == nil || $0.slot > settled! }
        if let adopted = open.max(by: { ($0.slot, $0.token) < ($1.slot, $1.token) }) {
            let now = context.now.monotonic
            leadership.step = .proposing(slot: adopted.slot, commit: adopted.commit, acks: [], resendAt: now + settings.proposalResendInterval)
            phase = .leading(leadership)
            let proposal = CommitProposal(job: job.name, slot: adopted.slot, token: candidate.token, commit: adopted.commit)
            broadcast(.commitProposal(proposal), context)
        } else {
            advance(leadership, context)
        }
    }

    /// Starts the next planned slot, planning again when the plan is used up, or releases the lease.
    mutating func advance(_ leadership: Leadership, _ context: Context) {
        var leadership = leadership
        if leadership.pending.isEmpty {
            let plan = CatchUpPlan(
                schedule: job.schedule, after: leadership.settledThrough ?? origin(context), now: context.now.unixSeconds,
                limit: settings.maxCatchUpSlots)
            if let skipped = plan.skipped { output.append(.skippedSlots(job: job.name, skipped)) }
            leadership.pending = plan.slots
        }
        guard !leadership.pending.isEmpty else {
            endLeadership(leadership, abandoning: nil, context)
            return
        }
        let slot = leadership.pending.removeFirst()
        leadership.step = .running(slot: slot)
        phase = .leading(leadership)
        output.append(.startRun(JobSlot(job: job.name, slot: slot), token: leadership.lease.token))
    }

    /// Gives the lease up: abandons the run under way (with `reason`), releases every grantor, and
    /// waits `retryDelay` before a new attempt when the leadership ended badly.
    mutating func endLeadership(_ leadership: Leadership, abandoning reason: AbandonReason?, _ context: Context) {
        let token = leadership.lease.token
        if let reason {
            if case .running(let slot) = leadership.step {
                output.append(.abandonRun(JobSlot(job: job.name, slot: slot), token: token, reason: reason))
            }
            notBefore = context.now.monotonic + settings.retryDelay + random.jitter(upTo: settings.retryJitter)
        } else {
            notBefore = nil
        }
        broadcast(.leaseRelease(job: job.name, token: token), context)
        output.append(.leaseChanged(job: job.name, token: token, held: false))
        noticed = nil
        phase = .idle
    }

    mutating func send(_ message: SingletonMessage, to member: String) { output.append(.send(message, to: member)) }

    mutating func broadcast(_ message: SingletonMessage, _ context: Context) {
        for member in context.members { send(message, to: member) }
    }

    mutating func takeOutput() -> [SingletonAction] {
        defer { output = [] }
        return output
    }
}
