/// The grantor every node runs: it answers lease requests for each job, promising the lease to one
/// candidate at a time.
///
/// A grant is a promise, kept on this node's monotonic clock: no other candidate gets the job's lease
/// from this grantor until the requested duration plus `promiseMargin` has passed since the request
/// arrived (unless the holder releases it first), and nothing under an older token is ever granted or
/// accepted again (the token goes into the `SlotLedger`, which the shell persists before the grant
/// leaves). The holder itself may renew under the same token at any time.
///
/// Promises live in memory only. A restarted grantor has forgotten the promises of its previous run,
/// so it refuses every request for `restartQuietPeriod` (the longest promise it can have made) after it
/// starts; by then every lease it granted before has run out. The tokens survive in the ledger.
public struct LeaseGrantor: Sendable {
    /// One promise: the job's lease belongs to `holder`, under `token`, until `until` on this clock.
    public struct Promise: Hashable, Sendable {
        public var holder: String
        public var token: FencingToken
        public var until: SingletonInstant
    }

    /// The tunables in use.
    public let settings: SingletonSettings
    /// Before this instant every request is refused (see the type's comment).
    public let quietUntil: SingletonInstant
    var promises: [String: Promise] = [:]

    /// A grantor starting at `startedAt` on this node's monotonic clock.
    public init(settings: SingletonSettings = SingletonSettings(), startedAt: SingletonInstant) {
        settings.validate()
        self.settings = settings
        self.quietUntil = startedAt + settings.restartQuietPeriod
    }

    /// The promise in force for `job` at `now`, if any.
    public func promise(for job: String, at now: SingletonInstant) -> Promise? {
        guard let promise = promises[job], now < promise.until else { return nil }
        return promise
    }

    /// Answers `request` from `holder`. A grant raises the ledger's newest token; when the answer says
    /// `ledgerChanged`, the ledger must be persisted before the grant is sent.
    public mutating func received(
        _ request: LeaseRequest, from holder: String, now: SingletonInstant, ledger: inout SlotLedger
    ) -> LeaseAnswer {
        let refuse = { (reason: LeaseRefusal.Reason) in
            LeaseAnswer.refusal(LeaseRefusal(job: request.job, token: request.token, round: request.round, reason: reason))
        }
        if now < quietUntil { return refuse(.restarting(remainingMilliseconds: (quietUntil - now).millisecondsRoundedUp)) }
        let maxMilliseconds = settings.leaseDuration.millisecondsRoundedUp
        guard request.leaseMilliseconds <= maxMilliseconds else { return refuse(.leaseTooLong(maxMilliseconds: maxMilliseconds)) }
        if let promise = promise(for: request.job, at: now), promise.holder != holder || promise.token != request.token {
            return refuse(.leased(holder: promise.holder, remainingMilliseconds: (promise.until - now).millisecondsRoundedUp))
        }
        let newest = ledger.newestToken(for: request.job)
        // A token is granted to one holder only: equal tokens are renewals by the same holder.
        if request.token < newest || (request.token == newest && ledger.newestTokenHolder(for: request.job) != holder) {
            return refuse(.staleToken(newest: newest))
        }
        let changed = ledger.promise(job: request.job, token: request.token, holder: holder)
        let lease = Duration.milliseconds(Int64(clamping: request.leaseMilliseconds))
        promises[request.job] = Promise(holder: holder, token: request.token, until: now + lease + settings.promiseMargin)
        let grant = LeaseGrant(job: request.job, token: request.token, round: request.round, report: ledger.report(for: request.job))
        return .grant(grant, ledgerChanged: changed)
    }

    /// `holder` gave up the lease it holds under `token`; a release of anything else is ignored.
    public mutating func receivedRelease(job: String, token: FencingToken, from holder: String) {
        guard let promise = promises[job], promise.holder == holder, promise.token == token else { return }
        promises[job] = nil
    }
}

/// A grantor's answer to a lease request.
public enum LeaseAnswer: Hashable, Sendable {
    /// Granted; when `ledgerChanged`, persist the ledger before sending.
    case grant(LeaseGrant, ledgerChanged: Bool)
    /// Refused.
    case refusal(LeaseRefusal)

    /// The message to send back to the requester.
    public var message: SingletonMessage {
        switch self {
        case .grant(let grant, _): .leaseGrant(grant)
        case .refusal(let refusal): .leaseRefusal(refusal)
        }
    }
}
