/// One attempt at a job's lease under one fencing token, and its renewals: rounds of requests to every
/// member, won with grants from a majority of the configured cluster size.
///
/// The majority is `expectedNodes / 2 + 1`, counted against the configured size (the StatefulSet's
/// replica count), never the live view: a side of a partition that has declared the others dead
/// still cannot win. A round's lease runs from `sentAt`, read just before the requests were sent, so
/// every grantor's promise (counted from when the request arrived, plus a margin for drift) outlasts
/// it; message delay only makes the candidate's view more conservative.
public struct LeaseCandidate: Sendable {
    /// The grants and refusals of one round.
    struct Round: Sendable {
        var number: UInt64
        var sentAt: SingletonInstant
        var deadline: SingletonInstant
        var grants: [String: SlotReport] = [:]
        var refusals: [String: LeaseRefusal.Reason] = [:]
    }

    public let job: String
    public let token: FencingToken
    /// The configured cluster size; the majority is counted against it.
    public let expectedNodes: Int
    public let leaseDuration: Duration
    /// When the lease ends on this node's clock (nil until a round is won).
    public private(set) var leaseExpiresAt: SingletonInstant?
    /// The grantors' reports from the first round won (what the new leader starts from).
    public private(set) var reports: [String: SlotReport] = [:]
    var lastRound: UInt64 = 0
    var openRound: Round?

    public init(job: String, token: FencingToken, expectedNodes: Int, leaseDuration: Duration) {
        precondition(expectedNodes >= 1, "expectedNodes must be at least 1")
        precondition(token != .none, "a lease needs a nonzero token")
        self.job = job
        self.token = token
        self.expectedNodes = expectedNodes
        self.leaseDuration = leaseDuration
    }

    /// Grants needed to win a round.
    public var majority: Int { expectedNodes / 2 + 1 }

    /// Whether the lease is held at `now` (a round was won and its lease has not run out).
    public func holdsLease(at now: SingletonInstant) -> Bool { leaseExpiresAt.map { now < $0 } ?? false }

    /// Whether a round is waiting for answers.
    public var isRoundOpen: Bool { openRound != nil }

    /// When the open round gives up waiting.
    public var roundDeadline: SingletonInstant? { openRound?.deadline }

    /// Grantors that granted the open round (for releasing them if it fails).
    public var grantorsOfOpenRound: [String] { openRound.map { $0.grants.keys.sorted() } ?? [] }

    /// Opens a new round, closing any open one: send the request to every member, this node included.
    /// `now` must be read before sending.
    public mutating func startRound(now: SingletonInstant, timeout: Duration) -> LeaseRequest {
        lastRound += 1
        openRound = Round(number: lastRound, sentAt: now, deadline: now + timeout)
        return LeaseRequest(job: job, token: token, round: lastRound, leaseMilliseconds: leaseDuration.millisecondsRoundedUp)
    }

    /// A grant arrived from `grantor`.
    public mutating func receivedGrant(_ grant: LeaseGrant, from grantor: String) -> RoundProgress {
        guard var round = openRound, grant.job == job, grant.token == token, grant.round == round.number else { return .ignored }
        round.grants[grantor] = grant.report
        round.refusals[grantor] = nil
        guard round.grants.count >= majority else {
            openRound = round
            return .pending
        }
        openRound = nil
        if leaseExpiresAt == nil { reports = round.grants }
        let expiry = round.sentAt + leaseDuration
        leaseExpiresAt = max(leaseExpiresAt ?? expiry, expiry)
        return .won(leaseExpiresAt: leaseExpiresAt!)
    }

    /// A refusal arrived from `grantor`.
    public mutating func receivedRefusal(_ refusal: LeaseRefusal, from grantor: String) -> RoundProgress {
        guard var round = openRound, refusal.job == job, refusal.token == token, refusal.round == round.number,
            round.grants[grantor] == nil
        else { return .ignored }
        round.refusals[grantor] = refusal.reason
        openRound = round
        // Lost once the refusals leave too few members to make a majority.
        guard round.refusals.count > expectedNodes - majority else { return .pending }
        openRound = nil
        return .lost(refusals: round.refusals, granted: round.grants.keys.sorted())
    }

    /// Gives up the open round if its deadline has passed.
    public mutating func checkDeadline(now: SingletonInstant) -> RoundProgress {
        guard let round = openRound, now >= round.deadline else { return .ignored }
        openRound = nil
        return .lost(refusals: round.refusals, granted: round.grants.keys.sorted())
    }
}

/// What an answer did to a round of lease requests.
public enum RoundProgress: Hashable, Sendable {
    /// Not for the open round (late, duplicate, or another token's).
    case ignored
    /// Counted; the round is still open.
    case pending
    /// A majority granted: the lease is held until `leaseExpiresAt` on this node's clock.
    case won(leaseExpiresAt: SingletonInstant)
    /// The round cannot reach a majority any more (or timed out); the refusals say why, and the
    /// grantors that did grant should be released (unless the lease is still held from an earlier round).
    case lost(refusals: [String: LeaseRefusal.Reason], granted: [String])
}
