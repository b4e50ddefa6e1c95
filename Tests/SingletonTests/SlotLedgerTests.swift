import Testing
@testable import Singleton

/// The ledger: fencing, exactly-once commits, the Paxos acceptor rules, and its stored form.
@Suite struct SlotLedgerTests {
    let job = Fixtures.job

    @Test func proposalUnderAnOlderTokenIsRefused() {
        var ledger = SlotLedger()
        let promised = ledger.promise(job: job, token: FencingToken(5), holder: "b")
        #expect(promised)
        #expect(ledger.accept(Fixtures.proposal(slot: 100, token: 4), from: "a") == .refused(.staleToken(newest: FencingToken(5))))
        // The same token is someone else's unless it comes from its holder.
        #expect(ledger.accept(Fixtures.proposal(slot: 100, token: 5), from: "a") == .refused(.staleToken(newest: FencingToken(5))))
        #expect(ledger.accept(Fixtures.proposal(slot: 100, token: 5), from: "b") == .accepted(changed: true, learned: nil))
        #expect(ledger.accept(Fixtures.proposal(slot: 100, token: 5), from: "b") == .accepted(changed: false, learned: nil))
        // A newer token is accepted and becomes the newest.
        #expect(ledger.accept(Fixtures.proposal(slot: 100, token: 6, run: 5), from: "c") == .accepted(changed: true, learned: nil))
        #expect(ledger.newestToken(for: job) == FencingToken(6) && ledger.newestTokenHolder(for: job) == "c")
        #expect(ledger.acceptance(for: job) == SlotAcceptance(slot: 100, commit: Fixtures.commit(5), token: FencingToken(6)))
    }

    @Test func publicationsAreFencedLikeProposals() {
        var ledger = SlotLedger()
        #expect(ledger.admitsPublication(job: job, token: FencingToken(1)))
        _ = ledger.promise(job: job, token: FencingToken(8), holder: "a")
        #expect(!ledger.admitsPublication(job: job, token: FencingToken(7)))
        #expect(ledger.admitsPublication(job: job, token: FencingToken(8)) && ledger.admitsPublication(job: job, token: FencingToken(9)))
        #expect(!ledger.admitsPublication(job: job, token: .none))
    }

    @Test func committingAgainIsANoOpAndDifferentlyIsRefused() {
        var ledger = SlotLedger()
        #expect(ledger.recordCommitted(job: job, slot: 100, commit: Fixtures.commit(3)) == .recorded)
        #expect(ledger.recordCommitted(job: job, slot: 100, commit: Fixtures.commit(3)) == .duplicate)
        #expect(ledger.recordCommitted(job: job, slot: 100, commit: Fixtures.commit(4)) == .conflict(existing: Fixtures.commit(3)))
        #expect(ledger.status(of: JobSlot(job: job, slot: 100)) == .committed(Fixtures.commit(3)))
        // A proposal of the committed slot: the same commit is acknowledged, another refused.
        #expect(ledger.accept(Fixtures.proposal(slot: 100, token: 9, run: 3), from: "a") == .accepted(changed: true, learned: nil))
        #expect(ledger.accept(Fixtures.proposal(slot: 100, token: 9, run: 9), from: "a") == .refused(.settled(latestCommitted: 100)))
    }

    @Test func slotsBeforeTheLatestCommittedAreSettled() {
        var ledger = SlotLedger()
        _ = ledger.recordCommitted(job: job, slot: 300, commit: Fixtures.commit(3))
        #expect(ledger.status(of: JobSlot(job: job, slot: 200)) == .settled)
        #expect(ledger.status(of: JobSlot(job: job, slot: 400)) == .open)
        #expect(ledger.accept(Fixtures.proposal(slot: 200, token: 4), from: "a") == .refused(.settled(latestCommitted: 300)))
        // But the hole can still be filled by an announcement.
        #expect(ledger.recordCommitted(job: job, slot: 200, commit: Fixtures.commit(2)) == .recorded)
        #expect(ledger.committedSlots(for: job).map(\.slot) == [200, 300])
    }

    @Test func aProposalForALaterSlotUnderTheSameTokenCommitsTheAcceptedOne() {
        var ledger = SlotLedger()
        _ = ledger.accept(Fixtures.proposal(slot: 100, token: 4), from: "a")
        let verdict = ledger.accept(Fixtures.proposal(slot: 200, token: 4), from: "a")
        #expect(verdict == .accepted(changed: true, learned: CommittedSlot(slot: 100, commit: Fixtures.commit(4))))
        #expect(ledger.status(of: JobSlot(job: job, slot: 100)) == .committed(Fixtures.commit(4)))
        // Under a different token it proves nothing.
        var other = SlotLedger()
        _ = other.accept(Fixtures.proposal(slot: 100, token: 4), from: "a")
        #expect(other.accept(Fixtures.proposal(slot: 200, token: 5), from: "b") == .accepted(changed: true, learned: nil))
        #expect(other.status(of: JobSlot(job: job, slot: 100)) == .open)
    }

    @Test func reportCarriesTheLatestCommittedAndALaterAcceptance() {
        var ledger = SlotLedger()
        #expect(ledger.report(for: job) == SlotReport())
        _ = ledger.recordCommitted(job: job, slot: 100, commit: Fixtures.commit(1))
        _ = ledger.accept(Fixtures.proposal(slot: 200, token: 2), from: "a")
        #expect(ledger.report(for: job) == SlotReport(
            latestCommitted: CommittedSlot(slot: 100, commit: Fixtures.commit(1)),
            accepted: SlotAcceptance(slot: 200, commit: Fixtures.commit(2), token: FencingToken(2))))
        _ = ledger.recordCommitted(job: job, slot: 200, commit: Fixtures.commit(2))
        #expect(ledger.report(for: job) == SlotReport(latestCommitted: CommittedSlot(slot: 200, commit: Fixtures.commit(2))))
    }

    @Test func historyKeepsTheLatestSlots() {
        var ledger = SlotLedger()
        for slot in 1...Int64(SlotLedger.historyLimit + 10) { _ = ledger.recordCommitted(job: job, slot: slot, commit: Fixtures.commit(1)) }
        #expect(ledger.committedSlots(for: job).count == SlotLedger.historyLimit)
        #expect(ledger.committedSlots(for: job).first?.slot == 11)
        #expect(ledger.recordCommitted(job: job, slot: 5, commit: Fixtures.commit(1)) == .tooOld)
        #expect(ledger.status(of: JobSlot(job: job, slot: 5)) == .settled)
    }

    @Test func storedFormRoundTripsAndIsStrict() {
        var ledger = SlotLedger()
        #expect(SlotLedger.decode(ledger.encode()) == .success(ledger))
        _ = ledger.takeOn(job: job, at: 1_700_000_000)
        _ = ledger.takeOn(job: "other", at: -5)
        _ = ledger.promise(job: job, token: FencingToken(9), holder: "n2")
        _ = ledger.recordCommitted(job: job, slot: 100, commit: Fixtures.commit(3))
        _ = ledger.recordCommitted(job: job, slot: 50, commit: Fixtures.commit(2, []))
        _ = ledger.accept(Fixtures.proposal(slot: 200, token: 10, run: 8), from: "n1")
        _ = ledger.noteOwnAttempt(job: job, token: FencingToken(4))
        let bytes = ledger.encode()
        #expect(SlotLedger.decode(bytes) == .success(ledger))
        #expect(ledger.since(for: job) == 1_700_000_000)
        for length in 0..<bytes.count {
            guard case .failure(.truncated) = SlotLedger.decode(Array(bytes[..<length])) else {
                Issue.record("prefix \(length) was not refused as truncated")
                continue
            }
        }
        #expect(SlotLedger.decode([2, 0]) == .failure(.unknownVersion(2)))
        #expect(SlotLedger.decode(bytes + [0]) == .failure(.trailingBytes(count: 1, offset: bytes.count)))
        // Jobs out of order: "b" then "a".
        let unordered: [UInt8] = [1, 2, 1, 98, 0, 0, 0, 0, 0, 0, 1, 97, 0, 0, 0, 0, 0, 0]
        #expect(SlotLedger.decode(unordered) == .failure(.unorderedEntries(offset: 10)))
        // A holder without a token.
        #expect(SlotLedger.decode([1, 1, 1, 97, 0, 0, 0, 1, 1, 98, 0, 0]) == .failure(.invalidFlags(1, offset: 7)))
    }
}
