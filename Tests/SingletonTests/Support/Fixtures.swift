@testable import Singleton

/// Small builders shared by the unit tests.
enum Fixtures {
    static let job = "nightly"
    static let t0 = SingletonInstant(nanoseconds: 1_000_000_000_000)

    static func commit(_ run: UInt64, _ digest: [UInt8] = [1, 2, 3]) -> SlotCommit { SlotCommit(runToken: FencingToken(run), digest: digest) }

    static func request(_ token: UInt64, round: UInt64 = 1, milliseconds: UInt64 = 30_000) -> LeaseRequest {
        LeaseRequest(job: job, token: FencingToken(token), round: round, leaseMilliseconds: milliseconds)
    }

    static func proposal(slot: Int64, token: UInt64, run: UInt64? = nil) -> CommitProposal {
        CommitProposal(job: job, slot: slot, token: FencingToken(token), commit: commit(run ?? token))
    }

    /// One of each message kind and reason, with extreme values.
    static var everyMessage: [SingletonMessage] {
        let longName = String(repeating: "a", count: 64)
        return [
            .leaseRequest(request(1, round: 0, milliseconds: 0)),
            .leaseRequest(LeaseRequest(job: longName, token: FencingToken(.max), round: .max, leaseMilliseconds: .max)),
            .leaseGrant(LeaseGrant(job: job, token: FencingToken(7), round: 3, report: SlotReport())),
            .leaseGrant(LeaseGrant(
                job: job, token: FencingToken(7), round: 3,
                report: SlotReport(
                    latestCommitted: CommittedSlot(slot: -86_400, commit: commit(5, [])),
                    accepted: SlotAcceptance(slot: CronSchedule.supportedSeconds.upperBound, commit: commit(6, Array(repeating: 0xFF, count: 64)), token: FencingToken(6))))),
            .leaseGrant(LeaseGrant(job: job, token: FencingToken(7), round: 3, report: SlotReport(latestCommitted: CommittedSlot(slot: CronSchedule.supportedSeconds.lowerBound, commit: commit(1))))),
            .leaseRefusal(LeaseRefusal(job: job, token: FencingToken(2), round: 1, reason: .restarting(remainingMilliseconds: 32_000))),
            .leaseRefusal(LeaseRefusal(job: job, token: FencingToken(2), round: 1, reason: .leased(holder: "n-1.b_2", remainingMilliseconds: 1))),
            .leaseRefusal(LeaseRefusal(job: job, token: FencingToken(2), round: 1, reason: .staleToken(newest: FencingToken(9)))),
            .leaseRefusal(LeaseRefusal(job: job, token: FencingToken(2), round: 1, reason: .leaseTooLong(maxMilliseconds: 30_000))),
            .leaseRelease(job: job, token: FencingToken(300)),
            .commitProposal(proposal(slot: 1_708_916_400, token: 12, run: 11)),
            .commitAck(job: job, slot: 0, token: FencingToken(12)),
            .commitRefusal(CommitRefusal(job: job, slot: 5, token: FencingToken(1), reason: .staleToken(newest: FencingToken(2)))),
            .commitRefusal(CommitRefusal(job: job, slot: 5, token: FencingToken(1), reason: .settled(latestCommitted: -1))),
            .committed(job: job, slot: 1_708_916_400, commit: commit(11)),
            .syncRequest(job: job, after: nil),
            .syncRequest(job: job, after: 1_708_916_400),
        ]
    }
}
