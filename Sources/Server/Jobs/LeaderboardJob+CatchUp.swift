import Reactor
import Singleton

/// Before a run reads its period: every result the live peers hold, held here too.
///
/// Result replication pushes each result as it is committed, but a push can be lost (a link
/// that dropped, a node that restarted). The run triggers the watermark pull (anti-entropy) to
/// every live peer at once, asks each for its watermarks, and waits until this node's cover them
/// all, or until `catchUpWait` has passed. A result that reaches this node only after its slot's
/// run has read the period is never rated (the next period reads (slot, next slot] only): the wait
/// makes that a matter of partitions and crashes, and its bound keeps a silent peer from stalling
/// the run.
extension LeaderboardJob {
    func catchUpResults(_ slot: JobSlot, _ token: FencingToken) {
        let peers = bridge.liveMembers
        guard !peers.isEmpty else { return readPeriod(slot, token) }
        let deadline = MonotonicInstant.now() + catchUpWait
        bridge.pullResultsFromEveryMember()
        tasks.each(LeaderboardTasks.resultWatermarks, [], nodes: peers, timeout: catchUpWait) { [self] outcomes in
            let theirs = outcomes.values.compactMap { outcome -> ResultWatermarks? in
                guard case .success(let bytes) = outcome else { return nil }
                return try? ResultWatermarks(wireBytes: bytes)
            }
            waitForResults(slot, token, covering: theirs, until: deadline)
        }
    }

    /// Reads this node's watermarks (off the loop) until they cover `theirs` or `deadline` passes.
    private func waitForResults(
        _ slot: JobSlot, _ token: FencingToken, covering theirs: [ResultWatermarks], until deadline: MonotonicInstant
    ) {
        guard isCurrent(slot, token) else { return }
        let store = context.results.store
        tasks.worker.execute { [self] in
            let ours = ResultWatermarks((try? store.sequenceWatermarks()) ?? [:])
            loop.execute { [self] in
                guard isCurrent(slot, token) else { return }
                if theirs.allSatisfy(ours.covers) || MonotonicInstant.now() >= deadline {
                    return readPeriod(slot, token)
                }
                loop.schedule(after: .milliseconds(50)) { [self] in
                    waitForResults(slot, token, covering: theirs, until: deadline)
                }
            }
        }
    }
}
