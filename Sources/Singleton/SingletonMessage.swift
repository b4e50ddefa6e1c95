/// A message between the singleton cores of two nodes; the shell carries its `encode()`d bytes on the
/// cluster link and hands decoded messages to `SingletonNode.received(_:from:now:)` with the sender's name.
public enum SingletonMessage: Hashable, Sendable, CustomStringConvertible {
    /// A candidate (or the leader, renewing) asks for the job's lease.
    case leaseRequest(LeaseRequest)
    /// A grantor promises the lease to the sender of the request.
    case leaseGrant(LeaseGrant)
    /// A grantor refuses a request, and says why.
    case leaseRefusal(LeaseRefusal)
    /// A candidate or leader gives the lease up; the grantor may promise it to another at once.
    case leaseRelease(job: String, token: FencingToken)
    /// The leader proposes to commit a slot (the publication that fencing guards).
    case commitProposal(CommitProposal)
    /// A node accepted a commit proposal.
    case commitAck(job: String, slot: Int64, token: FencingToken)
    /// A node refused a commit proposal, and says why.
    case commitRefusal(CommitRefusal)
    /// A slot is committed (a majority accepted its proposal): the commit announcement.
    case committed(job: String, slot: Int64, commit: SlotCommit)
    /// Asks for the committed slots of a job after `after` (nil: the latest ones); answered with `committed`.
    case syncRequest(job: String, after: Int64?)

    /// The job the message is about.
    public var job: String {
        switch self {
        case .leaseRequest(let request): request.job
        case .leaseGrant(let grant): grant.job
        case .leaseRefusal(let refusal): refusal.job
        case .leaseRelease(let job, _), .commitAck(let job, _, _), .committed(let job, _, _), .syncRequest(let job, _): job
        case .commitProposal(let proposal): proposal.job
        case .commitRefusal(let refusal): refusal.job
        }
    }

    /// The message's kind, for logs (never the payload).
    public var kindName: String {
        switch self {
        case .leaseRequest: "lease-request"
        case .leaseGrant: "lease-grant"
        case .leaseRefusal: "lease-refusal"
        case .leaseRelease: "lease-release"
        case .commitProposal: "commit-proposal"
        case .commitAck: "commit-ack"
        case .commitRefusal: "commit-refusal"
        case .committed: "committed"
        case .syncRequest: "sync-request"
        }
    }

    public var description: String {
        switch self {
        case .leaseRequest(let request): "lease-request \(request.job) \(request.token) round \(request.round) for \(request.leaseMilliseconds) ms"
        case .leaseGrant(let grant): "lease-grant \(grant.job) \(grant.token) round \(grant.round) (\(grant.report))"
        case .leaseRefusal(let refusal): "lease-refusal \(refusal.job) \(refusal.token) round \(refusal.round): \(refusal.reason)"
        case .leaseRelease(let job, let token): "lease-release \(job) \(token)"
        case .commitProposal(let proposal): "commit-proposal \(proposal.job)@\(proposal.slot) \(proposal.commit) under \(proposal.token)"
        case .commitAck(let job, let slot, let token): "commit-ack \(job)@\(slot) \(token)"
        case .commitRefusal(let refusal): "commit-refusal \(refusal.job)@\(refusal.slot) \(refusal.token): \(refusal.reason)"
        case .committed(let job, let slot, let commit): "committed \(job)@\(slot) \(commit)"
        case .syncRequest(let job, let after): "sync-request \(job) after \(after.map(String.init) ?? "nothing")"
        }
    }
}

/// A request for a job's lease under `token`, for `leaseMilliseconds`.
public struct LeaseRequest: Hashable, Sendable {
    public var job: String
    public var token: FencingToken
    /// Which round of requests under this token (renewals are new rounds); echoed in the answer.
    public var round: UInt64
    public var leaseMilliseconds: UInt64

    public init(job: String, token: FencingToken, round: UInt64, leaseMilliseconds: UInt64) {
        self.job = job
        self.token = token
        self.round = round
        self.leaseMilliseconds = leaseMilliseconds
    }
}

/// A promise: the grantor grants no other candidate this job's lease until the lease plus its margin
/// has passed on its clock, and accepts nothing under an older token from now on.
public struct LeaseGrant: Hashable, Sendable {
    public var job: String
    public var token: FencingToken
    public var round: UInt64
    /// What the grantor knows of the job's slots.
    public var report: SlotReport

    public init(job: String, token: FencingToken, round: UInt64, report: SlotReport) {
        self.job = job
        self.token = token
        self.round = round
        self.report = report
    }
}

/// A refused lease request.
public struct LeaseRefusal: Hashable, Sendable {
    /// Why a grantor refused.
    public enum Reason: Hashable, Sendable, CustomStringConvertible {
        /// The grantor started recently and may have forgotten a promise it made before; it grants
        /// nothing for `remainingMilliseconds` more.
        case restarting(remainingMilliseconds: UInt64)
        /// The grantor promised the lease to `holder` for `remainingMilliseconds` more.
        case leased(holder: String, remainingMilliseconds: UInt64)
        /// The grantor has seen `newest`, which is at least the request's token: ask again with a newer one.
        case staleToken(newest: FencingToken)
        /// The requested lease is longer than this grantor's `leaseDuration`.
        case leaseTooLong(maxMilliseconds: UInt64)

        public var description: String {
            switch self {
            case .restarting(let remaining): "restarting, \(remaining) ms left"
            case .leased(let holder, let remaining): "leased to \(holder), \(remaining) ms left"
            case .staleToken(let newest): "token is stale, newest is \(newest)"
            case .leaseTooLong(let max): "lease too long, max \(max) ms"
            }
        }
    }

    public var job: String
    public var token: FencingToken
    public var round: UInt64
    public var reason: Reason

    public init(job: String, token: FencingToken, round: UInt64, reason: Reason) {
        self.job = job
        self.token = token
        self.round = round
        self.reason = reason
    }
}

/// The leader, under lease `token`, proposes `commit` for (job, slot).
public struct CommitProposal: Hashable, Sendable {
    public var job: String
    public var slot: Int64
    public var token: FencingToken
    public var commit: SlotCommit

    public init(job: String, slot: Int64, token: FencingToken, commit: SlotCommit) {
        self.job = job
        self.slot = slot
        self.token = token
        self.commit = commit
    }
}

/// A refused commit proposal.
public struct CommitRefusal: Hashable, Sendable {
    /// Why a node refused a proposal.
    public enum Reason: Hashable, Sendable, CustomStringConvertible {
        /// The node has seen the newer token `newest`: the proposer's lease is over (fencing).
        case staleToken(newest: FencingToken)
        /// The slot is already settled here: committed differently, or earlier than `latestCommitted`.
        case settled(latestCommitted: Int64)

        public var description: String {
            switch self {
            case .staleToken(let newest): "token is stale, newest is \(newest)"
            case .settled(let latest): "slot already settled, latest committed is \(latest)"
            }
        }
    }

    public var job: String
    public var slot: Int64
    public var token: FencingToken
    public var reason: Reason

    public init(job: String, slot: Int64, token: FencingToken, reason: Reason) {
        self.job = job
        self.slot = slot
        self.token = token
        self.reason = reason
    }
}
