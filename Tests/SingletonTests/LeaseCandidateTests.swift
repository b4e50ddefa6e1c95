import Testing
@testable import Singleton

/// A candidate wins with a majority of the configured size, counts its lease from before sending, and
/// gives up as soon as a majority is out of reach.
@Suite struct LeaseCandidateTests {
    func grant(_ token: UInt64, round: UInt64 = 1, report: SlotReport = SlotReport()) -> LeaseGrant {
        LeaseGrant(job: Fixtures.job, token: FencingToken(token), round: round, report: report)
    }

    func refusal(_ token: UInt64, round: UInt64 = 1, _ reason: LeaseRefusal.Reason = .restarting(remainingMilliseconds: 5)) -> LeaseRefusal {
        LeaseRefusal(job: Fixtures.job, token: FencingToken(token), round: round, reason: reason)
    }

    @Test func majorityIsOfTheConfiguredSizeNotOfWhoAnswers() {
        var candidate = LeaseCandidate(job: Fixtures.job, token: FencingToken(4), expectedNodes: 5, leaseDuration: .seconds(30))
        #expect(candidate.majority == 3)
        let request = candidate.startRound(now: Fixtures.t0, timeout: .seconds(2))
        #expect(request == Fixtures.request(4))
        #expect(candidate.receivedGrant(grant(4), from: "a") == .pending)
        #expect(candidate.receivedGrant(grant(4), from: "a") == .pending)
        #expect(candidate.receivedGrant(grant(4), from: "b") == .pending)
        #expect(candidate.receivedGrant(grant(4), from: "c") == .won(leaseExpiresAt: Fixtures.t0 + .seconds(30)))
        #expect(candidate.holdsLease(at: Fixtures.t0 + .seconds(29)) && !candidate.holdsLease(at: Fixtures.t0 + .seconds(30)))
        #expect(candidate.reports.count == 3)
        #expect(LeaseCandidate(job: Fixtures.job, token: FencingToken(1), expectedNodes: 4, leaseDuration: .seconds(1)).majority == 3)
    }

    @Test func lostOnceTooManyRefuseOrTheDeadlinePasses() {
        var candidate = LeaseCandidate(job: Fixtures.job, token: FencingToken(4), expectedNodes: 3, leaseDuration: .seconds(30))
        _ = candidate.startRound(now: Fixtures.t0, timeout: .seconds(2))
        #expect(candidate.receivedGrant(grant(4), from: "a") == .pending)
        #expect(candidate.receivedRefusal(refusal(4), from: "b") == .pending)
        #expect(candidate.receivedRefusal(refusal(4), from: "c") == .lost(refusals: ["b": .restarting(remainingMilliseconds: 5), "c": .restarting(remainingMilliseconds: 5)], granted: ["a"]))
        #expect(!candidate.holdsLease(at: Fixtures.t0))

        var slow = LeaseCandidate(job: Fixtures.job, token: FencingToken(4), expectedNodes: 3, leaseDuration: .seconds(30))
        _ = slow.startRound(now: Fixtures.t0, timeout: .seconds(2))
        #expect(slow.checkDeadline(now: Fixtures.t0 + .seconds(1)) == .ignored)
        #expect(slow.checkDeadline(now: Fixtures.t0 + .seconds(2)) == .lost(refusals: [:], granted: []))
    }

    @Test func answersForOtherRoundsOrTokensAreIgnored() {
        var candidate = LeaseCandidate(job: Fixtures.job, token: FencingToken(4), expectedNodes: 1, leaseDuration: .seconds(30))
        #expect(candidate.receivedGrant(grant(4), from: "a") == .ignored)
        _ = candidate.startRound(now: Fixtures.t0, timeout: .seconds(2))
        #expect(candidate.receivedGrant(grant(5), from: "a") == .ignored)
        #expect(candidate.receivedGrant(grant(4, round: 2), from: "a") == .ignored)
        #expect(candidate.receivedRefusal(refusal(4, round: 2), from: "a") == .ignored)
    }

    @Test func renewalExtendsFromItsOwnSendTime() {
        var candidate = LeaseCandidate(job: Fixtures.job, token: FencingToken(4), expectedNodes: 1, leaseDuration: .seconds(30))
        _ = candidate.startRound(now: Fixtures.t0, timeout: .seconds(2))
        _ = candidate.receivedGrant(grant(4), from: "a")
        let renewal = candidate.startRound(now: Fixtures.t0 + .seconds(10), timeout: .seconds(2))
        #expect(renewal.round == 2)
        // The answer arrives late; the lease still counts from the send.
        #expect(candidate.receivedGrant(grant(4, round: 2), from: "a") == .won(leaseExpiresAt: Fixtures.t0 + .seconds(40)))
        // A failed renewal leaves the lease as it was.
        _ = candidate.startRound(now: Fixtures.t0 + .seconds(20), timeout: .seconds(2))
        _ = candidate.checkDeadline(now: Fixtures.t0 + .seconds(22))
        #expect(candidate.leaseExpiresAt == Fixtures.t0 + .seconds(40))
    }
}
