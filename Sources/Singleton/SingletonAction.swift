/// What the shell must do after an event, in order.
public enum SingletonAction: Hashable, Sendable, CustomStringConvertible {
    /// Store `SingletonNode.ledger.encode()` durably (write and fsync) before performing the actions
    /// after this one. Always first in a list when present: the answers that follow promise what the
    /// ledger records.
    case persistLedger
    /// Send `message` (`encode()`d) to the node named `to` over the cluster link; best effort, no retry.
    case send(SingletonMessage, to: String)
    /// This node holds the lease: run the job for `slot`. Publish the output with `token` (every node
    /// checks `SlotLedger.admitsPublication`), then call `runFinished`, or `runFailed`.
    case startRun(JobSlot, token: FencingToken)
    /// Stop the run of `slot` under `token` and discard its output: the lease is gone.
    case abandonRun(JobSlot, token: FencingToken, reason: AbandonReason)
    /// `slot` is committed with `commit`: make that run's output the slot's output on this node.
    /// Exactly once per slot per node (restarts included, since the ledger is persisted first).
    case committed(JobSlot, SlotCommit)
    /// Catch-up skipped these slots of `job` (more were missed than `maxCatchUpSlots`): log it.
    case skippedSlots(job: String, ClosedRange<Int64>)
    /// This node's lease for `job` under `token` began or ended: log it.
    case leaseChanged(job: String, token: FencingToken, held: Bool)
    /// Call `tick(now:)` at (or soon after) this instant; replaces any earlier request.
    case scheduleTick(at: SingletonInstant)

    public var description: String {
        switch self {
        case .persistLedger: "persist ledger"
        case .send(let message, let to): "send \(message) to \(to)"
        case .startRun(let slot, let token): "start run \(slot) \(token)"
        case .abandonRun(let slot, let token, let reason): "abandon run \(slot) \(token): \(reason)"
        case .committed(let slot, let commit): "committed \(slot) \(commit)"
        case .skippedSlots(let job, let range): "skipped \(job) slots \(range.lowerBound)...\(range.upperBound)"
        case .leaseChanged(let job, let token, let held): "\(held ? "holds" : "gave up") lease \(job) \(token)"
        case .scheduleTick(let at): "tick at \(at)"
        }
    }
}

/// Why a run was abandoned.
public enum AbandonReason: Hashable, Sendable, CustomStringConvertible {
    /// The lease ran out before the run was committed (renewals failed: no majority, or this process stalled).
    case leaseExpired
    /// Another node holds a newer token: this run's commit would be refused.
    case superseded(by: FencingToken)
    /// The slot turned out to be settled already.
    case slotSettled

    public var description: String {
        switch self {
        case .leaseExpired: "lease expired"
        case .superseded(let token): "superseded by \(token)"
        case .slotSettled: "slot already settled"
        }
    }
}
