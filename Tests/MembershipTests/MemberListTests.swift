import Testing
@testable import Membership

/// The merge rules: refutation by incarnation, final tombstones, newer generations replacing older ones.
@Suite struct MemberListTests {
    typealias F = Fixtures
    let now = Fixtures.t0

    func list(_ updates: MemberUpdate...) -> MemberList {
        var list = MemberList()
        for update in updates { _ = list.apply(update, now: now) }
        return list
    }

    @Test func unknownMemberJoins() {
        var list = MemberList()
        let joined = list.apply(F.update("a", .alive), now: now)
        #expect(joined == .changed([.joined(Member(node: F.node("a"), status: .alive, incarnation: Incarnation(generation: 1)))]))
        #expect(list.liveNames == ["a"])
    }

    @Test func tombstoneOfAnUnknownMemberIsKeptSilently() {
        var list = MemberList()
        let tombstone = list.apply(F.update("a", .dead), now: now)
        #expect(tombstone == .changed([]))
        let resurrection = list.apply(F.update("a", .alive, refutations: 9), now: now)
        #expect(resurrection == .stale)
    }

    @Test func suspicionNeedsAnIncarnationAtLeastAsNew() {
        var list = list(F.update("a", .alive, refutations: 2))
        let older = list.apply(F.update("a", .suspect(by: F.node("b")), refutations: 1), now: now)
        #expect(older == .stale)
        guard case .changed(let events) = list.apply(F.update("a", .suspect(by: F.node("b")), refutations: 2), now: now) else {
            Issue.record("suspicion not applied")
            return
        }
        #expect(events.count == 1)
        let confirmation = list.apply(F.update("a", .suspect(by: F.node("c")), refutations: 2), now: now)
        #expect(confirmation == .sameSuspicion)
    }

    @Test func onlyAHigherCountRefutesASuspicion() {
        var list = list(F.update("a", .alive), F.update("a", .suspect(by: F.node("b"))))
        let sameCount = list.apply(F.update("a", .alive), now: now)
        #expect(sameCount == .stale)
        let refuted = list.apply(F.update("a", .alive, refutations: 1), now: now)
        #expect(refuted == .changed([.aliveAgain(Member(node: F.node("a"), status: .alive, incarnation: Incarnation(generation: 1, refutations: 1)))]))
    }

    @Test func deadOverridesAnyRefutationCountOfItsGeneration() {
        var list = list(F.update("a", .alive, refutations: 5))
        let declared = list.apply(F.update("a", .dead, refutations: 0), now: now)
        #expect(declared == .changed([.dead(Member(node: F.node("a"), status: .dead, incarnation: Incarnation(generation: 1, refutations: 5)))]))
    }

    @Test func oldNewsCannotResurrectATombstone() {
        var list = list(F.update("a", .alive), F.update("a", .left))
        for update in [F.update("a", .alive, refutations: 99), F.update("a", .suspect(by: F.node("b")), refutations: 99), F.update("a", .dead)] {
            let outcome = list.apply(update, now: now)
            #expect(outcome == .stale)
        }
        #expect(list["a"]?.status == .left)
    }

    @Test func higherGenerationEndsTheOldRunAndJoinsTheNewOne() {
        var list = list(F.update("a", .alive, refutations: 3))
        let old = Member(node: F.node("a"), status: .dead, incarnation: Incarnation(generation: 1, refutations: 3))
        let new = Member(node: F.node("a"), status: .alive, incarnation: Incarnation(generation: 2))
        let replaced = list.apply(F.update("a", .alive, generation: 2), now: now)
        #expect(replaced == .changed([.dead(old), .joined(new)]))
        let oldNews = list.apply(F.update("a", .dead, generation: 1), now: now)
        #expect(oldNews == .stale)
    }

    @Test func higherGenerationBringsATombstoneBack() {
        var list = list(F.update("a", .alive), F.update("a", .dead))
        let back = list.apply(F.update("a", .alive, generation: 2), now: now)
        #expect(back == .changed([.joined(Member(node: F.node("a"), status: .alive, incarnation: Incarnation(generation: 2)))]))
    }

    @Test func aSecondAddressInTheSameRunIsIgnored() {
        var list = list(F.update("a", .alive))
        let impostor = MemberUpdate(node: NodeID(name: "a", address: "10.9.9.9:1"), incarnation: Incarnation(generation: 1, refutations: 1), status: .alive)
        let outcome = list.apply(impostor, now: now)
        #expect(outcome == .stale)
    }

    @Test func tombstonesExpireAfterTheirLifetime() {
        var list = list(F.update("a", .alive), F.update("b", .alive), F.update("b", .dead))
        list.expireTombstones(now: now + .seconds(59), lifetime: .seconds(60))
        #expect(list["b"] != nil)
        list.expireTombstones(now: now + .seconds(60), lifetime: .seconds(60))
        #expect(list["b"] == nil && list["a"] != nil)
    }
}
