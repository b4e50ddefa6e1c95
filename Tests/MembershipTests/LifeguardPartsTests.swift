import Testing
@testable import Membership

/// Suspicion timers, local health, the dissemination queue and the probe order, one at a time.
@Suite struct LifeguardPartsTests {
    func suspicion(wanted: Int) -> Suspicion {
        Suspicion(
            incarnation: Incarnation(generation: 1), firstSuspecter: Fixtures.node("a"), startedAt: Fixtures.t0,
            minimum: .seconds(1), maximum: .seconds(3), confirmationsWanted: wanted)
    }

    @Test func suspicionTimeoutShrinksLogarithmicallyWithConfirmations() {
        var suspicion = suspicion(wanted: 3)
        #expect(suspicion.deadline == Fixtures.t0 + .seconds(3))
        let counted1 = suspicion.confirm(by: Fixtures.node("b"))
        #expect(counted1)
        // log(2) / log(4) = 1/2 of the way down.
        #expect(suspicion.timeout == .seconds(2))
        let counted2 = suspicion.confirm(by: Fixtures.node("b"))
        #expect(!counted2)
        let counted3 = suspicion.confirm(by: Fixtures.node("a"))  // the first suspecter never counts twice
        #expect(!counted3)
        let counted4 = suspicion.confirm(by: Fixtures.node("c"))
        #expect(counted4)
        let counted5 = suspicion.confirm(by: Fixtures.node("d"))
        #expect(counted5)
        #expect(suspicion.timeout == .seconds(1))
        let counted6 = suspicion.confirm(by: Fixtures.node("e"))  // enough: no more news to pass on
        #expect(!counted6)
    }

    @Test func suspicionWithNobodyToConfirmUsesTheMinimum() {
        #expect(suspicion(wanted: 0).timeout == .seconds(1))
    }

    @Test func suspicionPostponesItsDeadline() {
        var suspicion = suspicion(wanted: 0)
        suspicion.postpone(by: .milliseconds(700))
        #expect(suspicion.deadline == Fixtures.t0 + .milliseconds(1700))
    }

    @Test func naturalLogIsAccurate() {
        #expect(abs(naturalLog(1)) < 1e-12)
        #expect(abs(naturalLog(2) - 0.693_147_180_559_945) < 1e-12)
        #expect(abs(naturalLog(10) - 2.302_585_092_994_046) < 1e-12)
        #expect(abs(naturalLog(1000) / naturalLog(10) - 3) < 1e-12)
        #expect(clusterSizeScale(5) == 1 && clusterSizeScale(10) == 1)
        #expect(abs(clusterSizeScale(100) - 2) < 1e-12)
    }

    @Test func localHealthSaturatesAndStretchesTimeouts() {
        var awareness = Awareness(maxScore: 8)
        awareness.apply(-1)
        #expect(awareness.score == 0)
        #expect(awareness.scaled(.milliseconds(100)) == .milliseconds(100))
        awareness.apply(3)
        #expect(awareness.scaled(.milliseconds(100)) == .milliseconds(400))
        awareness.apply(100)
        #expect(awareness.score == 8)
        #expect(awareness.scaled(.milliseconds(100)) == .milliseconds(900))
    }

    @Test func disseminationSendsFreshNewsFirstAndStopsAtTheLimit() {
        var queue = DisseminationQueue()
        queue.enqueue(Fixtures.update("a", .alive))
        queue.enqueue(Fixtures.update("b", .alive))
        let first = queue.take(1, transmitLimit: 2).map(\.node.name)  // newest first among equals
        #expect(first == ["b"])
        let second = queue.take(1, transmitLimit: 2).map(\.node.name)  // then the least sent
        #expect(second == ["a"])
        let rest = queue.take(5, transmitLimit: 2).map(\.node.name).sorted()
        #expect(rest == ["a", "b"])
        #expect(queue.count == 0)
    }

    @Test func newerNewsAboutAMemberReplacesTheOlder() {
        var queue = DisseminationQueue()
        queue.enqueue(Fixtures.update("a", .alive))
        _ = queue.take(1, transmitLimit: 5)
        queue.enqueue(Fixtures.update("a", .dead))
        #expect(queue.count == 1)
        let others = queue.take(5, transmitLimit: 5, excluding: "a").isEmpty
        #expect(others)
        let aboutA = queue.take(5, transmitLimit: 5)
        #expect(aboutA == [Fixtures.update("a", .dead)])
    }

    @Test func retransmissionsGrowWithLogOfTheClusterSize() {
        #expect(DisseminationQueue.transmitLimit(multiplier: 4, liveMembers: 1) == 4)
        #expect(DisseminationQueue.transmitLimit(multiplier: 4, liveMembers: 9) == 4)
        #expect(DisseminationQueue.transmitLimit(multiplier: 4, liveMembers: 10) == 8)
        #expect(DisseminationQueue.transmitLimit(multiplier: 4, liveMembers: 100) == 12)
    }

    @Test func probeOrderVisitsEveryLiveMemberOncePerRound() {
        var order = ProbeOrder()
        var random = MembershipRandom(seed: 1)
        let live = ["a", "b", "c", "d"]
        for _ in 0..<3 {
            let round = (0..<4).compactMap { _ in order.next(live: live, random: &random) }
            #expect(round.sorted() == live)
        }
        let none = order.next(live: [], random: &random)
        #expect(none == nil)
    }
}
