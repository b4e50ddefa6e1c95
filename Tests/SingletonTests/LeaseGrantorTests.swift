import Testing
@testable import Singleton

/// The grantor's promises: one holder at a time, until the lease plus the margin, never a lower token,
/// and nothing at all for a quiet period after a restart.
@Suite struct LeaseGrantorTests {
    let settings = SingletonSettings()
    var afterQuiet: SingletonInstant { Fixtures.t0 + settings.restartQuietPeriod }

    func grantor() -> LeaseGrantor { LeaseGrantor(settings: settings, startedAt: Fixtures.t0) }

    @Test func restartedGrantorRefusesForTheLongestPromiseItCouldHaveMade() {
        var grantor = grantor()
        var ledger = SlotLedger()
        #expect(settings.restartQuietPeriod == .seconds(32))
        let early = grantor.received(Fixtures.request(1), from: "a", now: Fixtures.t0 + .seconds(2), ledger: &ledger)
        #expect(early.message == .leaseRefusal(LeaseRefusal(job: Fixtures.job, token: FencingToken(1), round: 1, reason: .restarting(remainingMilliseconds: 30_000))))
        #expect(ledger.newestToken(for: Fixtures.job) == .none)
        guard case .grant(_, ledgerChanged: true) = grantor.received(Fixtures.request(1), from: "a", now: afterQuiet, ledger: &ledger) else {
            Issue.record("no grant after the quiet period")
            return
        }
    }

    @Test func promiseHoldsUntilLeasePlusMarginThenAnotherMayHaveIt() {
        var grantor = grantor()
        var ledger = SlotLedger()
        _ = grantor.received(Fixtures.request(1), from: "a", now: afterQuiet, ledger: &ledger)
        let during = grantor.received(Fixtures.request(2), from: "b", now: afterQuiet + .seconds(31), ledger: &ledger)
        #expect(during == .refusal(LeaseRefusal(job: Fixtures.job, token: FencingToken(2), round: 1, reason: .leased(holder: "a", remainingMilliseconds: 1_000))))
        let after = grantor.received(Fixtures.request(2), from: "b", now: afterQuiet + .seconds(32), ledger: &ledger)
        guard case .grant(let grant, true) = after else {
            Issue.record("no grant after the promise: \(after)")
            return
        }
        #expect(grant.token == FencingToken(2) && ledger.newestTokenHolder(for: Fixtures.job) == "b")
    }

    @Test func holderRenewsUnderItsTokenButNotUnderAnother() {
        var grantor = grantor()
        var ledger = SlotLedger()
        _ = grantor.received(Fixtures.request(3), from: "a", now: afterQuiet, ledger: &ledger)
        let renewal = grantor.received(Fixtures.request(3, round: 2), from: "a", now: afterQuiet + .seconds(10), ledger: &ledger)
        guard case .grant(let grant, ledgerChanged: false) = renewal else {
            Issue.record("renewal refused: \(renewal)")
            return
        }
        #expect(grant.round == 2)
        #expect(grantor.promise(for: Fixtures.job, at: afterQuiet + .seconds(41))?.until == afterQuiet + .seconds(42))
        // A different token from the same holder is another lease: it waits like anyone else.
        if case .grant = grantor.received(Fixtures.request(4), from: "a", now: afterQuiet + .seconds(11), ledger: &ledger) {
            Issue.record("a second lease for the same holder while the first is promised")
        }
    }

    @Test func neverGrantsAnOlderOrEqualForeignToken() {
        var grantor = grantor()
        var ledger = SlotLedger()
        _ = ledger.promise(job: Fixtures.job, token: FencingToken(7), holder: "c")
        let older = grantor.received(Fixtures.request(6), from: "a", now: afterQuiet, ledger: &ledger)
        #expect(older.message == .leaseRefusal(LeaseRefusal(job: Fixtures.job, token: FencingToken(6), round: 1, reason: .staleToken(newest: FencingToken(7)))))
        let equal = grantor.received(Fixtures.request(7), from: "a", now: afterQuiet, ledger: &ledger)
        #expect(equal.message == .leaseRefusal(LeaseRefusal(job: Fixtures.job, token: FencingToken(7), round: 1, reason: .staleToken(newest: FencingToken(7)))))
        // The token's own holder may have it again (it asked before this grantor restarted, say).
        guard case .grant = grantor.received(Fixtures.request(7), from: "c", now: afterQuiet, ledger: &ledger) else {
            Issue.record("holder refused its own token")
            return
        }
    }

    @Test func releaseFreesThePromiseOnlyForItsHolderAndToken() {
        var grantor = grantor()
        var ledger = SlotLedger()
        _ = grantor.received(Fixtures.request(1), from: "a", now: afterQuiet, ledger: &ledger)
        grantor.receivedRelease(job: Fixtures.job, token: FencingToken(1), from: "b")
        grantor.receivedRelease(job: Fixtures.job, token: FencingToken(2), from: "a")
        #expect(grantor.promise(for: Fixtures.job, at: afterQuiet) != nil)
        grantor.receivedRelease(job: Fixtures.job, token: FencingToken(1), from: "a")
        #expect(grantor.promise(for: Fixtures.job, at: afterQuiet) == nil)
        guard case .grant = grantor.received(Fixtures.request(2), from: "b", now: afterQuiet, ledger: &ledger) else {
            Issue.record("released lease not granted to another")
            return
        }
    }

    @Test func refusesLeasesLongerThanItsOwn() {
        var grantor = grantor()
        var ledger = SlotLedger()
        let answer = grantor.received(Fixtures.request(1, milliseconds: 30_001), from: "a", now: afterQuiet, ledger: &ledger)
        #expect(answer.message == .leaseRefusal(LeaseRefusal(job: Fixtures.job, token: FencingToken(1), round: 1, reason: .leaseTooLong(maxMilliseconds: 30_000))))
    }

    @Test func defaultMarginCoversTheDriftBound() {
        #expect(settings.minimumPromiseMargin == .milliseconds(60) + .nanoseconds(60_061))
        #expect(settings.promiseMargin >= settings.minimumPromiseMargin)
    }
}
