/// A node's durable part in the singleton protocol, per job: which slots are committed (and with
/// what), the newest fencing token this node has seen or promised, and the latest commit proposal it
/// accepted. In Paxos terms it is an acceptor's state: promised ballot, accepted value, chosen values.
///
/// The shell stores it (`encode()`) whenever a `SingletonAction.persistLedger` says so, before sending
/// anything else from that event, and restores it (`decode`) at start. Losing it is what a restarted
/// node must never do: a node whose disk is wiped must join as a new name (see `SingletonNode`).
///
/// The rules the product relies on:
/// - A proposal (publication) under a token older than the newest seen for the job is refused, so a
///   leader that was paused past its lease cannot commit over a newer run.
/// - Committing an already committed slot again is a no-op; committing it differently is refused.
/// - A slot earlier than the latest committed one is settled even when this node has no record of it
///   (leaders commit slots in order; older ones were committed or skipped).
public struct SlotLedger: Hashable, Sendable {
    /// Committed slots remembered per job (the latest ones); older slots count as settled.
    public static let historyLimit = 64
    /// Most jobs a stored ledger may hold (a bound for decoding; nodes only keep their configured jobs).
    public static let maxJobs = 256

    struct JobRecord: Hashable, Sendable {
        /// When this node first took the job on (Unix seconds): with nothing committed anywhere, slots
        /// count from here, so a restart does not lose the first slot.
        var since: Int64?
        /// The token of this node's own latest attempt at the lease, so that a restarted node never
        /// uses a token twice (two runs publishing under one token would confuse the shell).
        var ownToken = FencingToken.none
        var newestToken = FencingToken.none
        /// The node the newest token belongs to (nil while the token is `.none`).
        var newestHolder: String?
        var accepted: SlotAcceptance?
        /// Ascending by slot, at most `historyLimit`.
        var committed: [CommittedSlot] = []
    }

    var jobs: [String: JobRecord] = [:]

    /// An empty ledger, for a node that never ran before.
    public init() {}

    // MARK: Views

    /// The jobs this ledger has records for, sorted.
    public var jobNames: [String] { jobs.keys.sorted() }

    /// When this node first took `job` on (Unix seconds), if it has.
    public func since(for job: String) -> Int64? { jobs[job]?.since }

    /// The newest fencing token this node has seen or promised for `job` (`.none` if none).
    public func newestToken(for job: String) -> FencingToken { jobs[job]?.newestToken ?? .none }

    /// The token of this node's own latest attempt at `job`'s lease (`.none` if none).
    public func ownToken(for job: String) -> FencingToken { jobs[job]?.ownToken ?? .none }

    /// The node the newest token for `job` belongs to.
    public func newestTokenHolder(for job: String) -> String? { jobs[job]?.newestHolder }

    /// The latest committed slot of `job` this node knows.
    public func latestCommitted(for job: String) -> CommittedSlot? { jobs[job]?.committed.last }

    /// The committed slots of `job` this node remembers, oldest first (at most `historyLimit`).
    public func committedSlots(for job: String) -> [CommittedSlot] { jobs[job]?.committed ?? [] }

    /// The latest commit proposal this node accepted for `job`.
    public func acceptance(for job: String) -> SlotAcceptance? { jobs[job]?.accepted }

    /// What was committed for `slot`, if this node has it.
    public func commit(for slot: JobSlot) -> SlotCommit? {
        jobs[slot.job]?.committed.first { $0.slot == slot.slot }?.commit
    }

    /// Whether `slot` is committed here, settled (earlier than a committed slot, but not recorded
    /// here), or still open.
    public func status(of slot: JobSlot) -> SlotStatus {
        if let commit = commit(for: slot) { return .committed(commit) }
        if let latest = latestCommitted(for: slot.job), slot.slot < latest.slot { return .settled }
        return .open
    }

    /// Whether a publication (a run's output) under `token` is current for `job`: it is refused when
    /// this node has seen a newer token (fencing). The shell checks this for every output it receives.
    public func admitsPublication(job: String, token: FencingToken) -> Bool { token != .none && token >= newestToken(for: job) }

    /// What this node tells a candidate it grants a lease to.
    public func report(for job: String) -> SlotReport {
        guard let record = jobs[job] else { return SlotReport() }
        let latest = record.committed.last
        let accepted = record.accepted.flatMap { acceptance in latest.map { acceptance.slot > $0.slot } ?? true ? acceptance : nil }
        return SlotReport(latestCommitted: latest, accepted: accepted)
    }

    // MARK: Changes

    /// Notes that this node takes `job` on at `unixSeconds`, unless it did before. Returns whether
    /// anything changed.
    mutating func takeOn(job: String, at unixSeconds: Int64) -> Bool {
        guard jobs[job]?.since == nil else { return false }
        jobs[job, default: JobRecord()].since = unixSeconds
        return true
    }

    /// Notes this node's own attempt under `token` (it only goes up). Returns whether anything changed.
    mutating func noteOwnAttempt(job: String, token: FencingToken) -> Bool {
        guard token > ownToken(for: job) else { return false }
        jobs[job, default: JobRecord()].ownToken = token
        return true
    }

    /// Raises the newest token to `token`, held by `holder`, as a grantor does when it grants.
    /// Returns whether anything changed (and so must be persisted). The token must not be older.
    mutating func promise(job: String, token: FencingToken, holder: String) -> Bool {
        var record = jobs[job] ?? JobRecord()
        precondition(token >= record.newestToken, "promising \(token) below the newest \(record.newestToken) for \(job)")
        guard token != record.newestToken || record.newestHolder != holder else { return false }
        record.newestToken = token
        record.newestHolder = holder
        jobs[job] = record
        return true
    }

    /// Accepts or refuses a commit proposal from `proposer`.
    public mutating func accept(_ proposal: CommitProposal, from proposer: String) -> ProposalVerdict {
        var record = jobs[proposal.job] ?? JobRecord()
        if proposal.token < record.newestToken || (proposal.token == record.newestToken && record.newestHolder != proposer) {
            return .refused(.staleToken(newest: record.newestToken))
        }
        if let existing = record.committed.first(where: { $0.slot == proposal.slot }) {
            // Proposed again after it was committed (a leader that missed the announcement): the same
            // commit is acknowledged; a different one can only be a bug somewhere, and is refused.
            guard existing.commit == proposal.commit else { return .refused(.settled(latestCommitted: record.committed.last!.slot)) }
        } else if let latest = record.committed.last, proposal.slot < latest.slot {
            return .refused(.settled(latestCommitted: latest.slot))
        }
        // A leader proposes a later slot only once the earlier one is committed, so a proposal for a
        // later slot under the token of the proposal accepted here commits that one (this covers a lost
        // commit announcement).
        var learned: CommittedSlot?
        if let accepted = record.accepted, accepted.token == proposal.token, accepted.slot < proposal.slot,
            recordCommitted(job: proposal.job, slot: accepted.slot, commit: accepted.commit) == .recorded
        {
            learned = CommittedSlot(slot: accepted.slot, commit: accepted.commit)
            record = jobs[proposal.job]!
        }
        var changed = learned != nil
        if proposal.token > record.newestToken || record.newestHolder != proposer {
            record.newestToken = proposal.token
            record.newestHolder = proposer
            changed = true
        }
        let acceptance = SlotAcceptance(slot: proposal.slot, commit: proposal.commit, token: proposal.token)
        if record.accepted != acceptance && record.committed.last.map({ proposal.slot > $0.slot }) ?? true {
            record.accepted = acceptance
            changed = true
        }
        if changed { jobs[proposal.job] = record }
        return .accepted(changed: changed, learned: learned)
    }

    /// Records that `slot` of `job` is committed with `commit` (from an announcement or a sync reply).
    public mutating func recordCommitted(job: String, slot: Int64, commit: SlotCommit) -> CommitRecording {
        var record = jobs[job] ?? JobRecord()
        if let existing = record.committed.first(where: { $0.slot == slot }) {
            return existing.commit == commit ? .duplicate : .conflict(existing: existing.commit)
        }
        if record.committed.count >= Self.historyLimit, let oldest = record.committed.first, slot < oldest.slot { return .tooOld }
        let index = record.committed.firstIndex { $0.slot > slot } ?? record.committed.endIndex
        record.committed.insert(CommittedSlot(slot: slot, commit: commit), at: index)
        if record.committed.count > Self.historyLimit { record.committed.removeFirst() }
        if let accepted = record.accepted, accepted.slot <= slot, record.committed.last?.slot == slot { record.accepted = nil }
        jobs[job] = record
        return .recorded
    }
}

/// Where a slot stands in a node's ledger.
public enum SlotStatus: Hashable, Sendable {
    /// Committed with this commit.
    case committed(SlotCommit)
    /// Earlier than a committed slot but not recorded here (committed elsewhere, skipped, or pruned).
    case settled
    /// Not committed as far as this node knows.
    case open
}

/// What a ledger did with a commit proposal.
public enum ProposalVerdict: Hashable, Sendable {
    /// Accepted; `changed` says whether the ledger changed (and must be persisted before acknowledging).
    /// `learned` is an earlier slot the proposal showed to be committed, newly recorded.
    case accepted(changed: Bool, learned: CommittedSlot?)
    /// Refused, with the reason sent back to the proposer.
    case refused(CommitRefusal.Reason)
}

/// What a ledger did with a committed slot it was told about.
public enum CommitRecording: Hashable, Sendable {
    /// New: the shell makes the output visible.
    case recorded
    /// Already recorded with the same commit: nothing to do.
    case duplicate
    /// Older than the history the ledger keeps: settled long ago.
    case tooOld
    /// Recorded with a different commit. Never happens while the protocol's assumptions hold; the
    /// existing record stands.
    case conflict(existing: SlotCommit)
}
