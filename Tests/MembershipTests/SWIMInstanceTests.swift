import Testing
@testable import Membership

/// One instance driven event by event: the directives it returns for each.
@Suite struct SWIMInstanceTests {
    typealias F = Fixtures
    static let me = NodeID(name: "me", address: "10.1.0.1:7946")

    /// An instance that knows `others` alive (generation 1), at `F.t0`.
    static func instance(knowing others: [String] = ["a", "b", "c", "d"], settings: MembershipSettings = MembershipSettings())
        -> SWIMInstance
    {
        var instance = SWIMInstance(myself: me, generation: 1, settings: settings, randomSeed: 7)
        _ = instance.join(seeds: ["10.1.0.9:7946"], now: F.t0)
        _ = instance.received(MembershipMessage(.joinAck(state: others.map { F.update($0, .alive) })), from: F.node(others[0]), now: F.t0)
        return instance
    }

    /// Ticks until the instance pings someone; returns the target and sequence number.
    static func nextPing(_ instance: inout SWIMInstance, now: inout MembershipInstant) -> (String, UInt64) {
        while true {
            now = instance.nextTickDeadline!
            for (message, to) in instance.tick(now: now).sent {
                if case .ping(let sequence) = message.kind { return (to, sequence) }
            }
        }
    }

    @Test func joinPushesFullStateToEachSeedButItself() {
        var instance = SWIMInstance(myself: Self.me, generation: 3, randomSeed: 1)
        let directives = instance.join(seeds: ["s:1", Self.me.address, "s:2", "s:1"], now: F.t0)
        let seeds = directives.compactMap { if case .sendToSeed(let message, let address) = $0 { (message, address) } else { nil } }
        #expect(seeds.map(\.1) == ["s:1", "s:2"])
        #expect(seeds.allSatisfy { $0.0.kind == .join(state: [MemberUpdate(node: Self.me, incarnation: Incarnation(generation: 3), status: .alive)]) })
        #expect(directives.last == .scheduleTick(at: instance.nextTickDeadline!))
    }

    @Test func joinAckReportsEveryMemberAsJoined() {
        let instance = Self.instance()
        #expect(instance.liveMembers.map(\.node.name) == ["a", "b", "c", "d"])
    }

    @Test func pingIsAnsweredWithAnAckOfTheSameSequence() {
        var instance = Self.instance()
        let directives = instance.received(MembershipMessage(.ping(sequence: 41)), from: F.node("b"), now: F.t0)
        #expect(directives.sent.first.map { $0.message.kind } == .ack(sequence: 41))
        #expect(directives.sent.first?.to == "b")
    }

    @Test func missedProbeGoesToThreeRelaysThenToSuspicionThenToDeath() throws {
        var instance = Self.instance()
        var now = F.t0
        let (target, sequence) = Self.nextPing(&instance, now: &now)
        let probedAt = now

        now = probedAt + .milliseconds(120)
        let relayed = instance.tick(now: now).sent.filter { if case .pingRequest = $0.message.kind { true } else { false } }
        #expect(relayed.count == 3)
        #expect(relayed.allSatisfy { $0.message.kind == .pingRequest(sequence: sequence, target: F.node(target)) && $0.to != target })

        // Two relays nack, one is silent: the target is suspected and told so at once.
        for relay in relayed.prefix(2) { _ = instance.received(MembershipMessage(.nack(sequence: sequence)), from: F.node(relay.to), now: now) }
        now = probedAt + .milliseconds(320)
        let suspected = instance.tick(now: now)
        #expect(suspected.events == [.suspect(Member(node: F.node(target), status: .suspect, incarnation: Incarnation(generation: 1)))])
        #expect(suspected.sent.contains { $0.to == target && $0.message.gossip.first?.status == .suspect(by: Self.me) })
        #expect(instance.localHealthScore == 1)  // the silent relay counts against this node

        // Nobody confirms in a 5-node cluster: the maximum, 1.5 s, then dead.
        let suspectedAt = now
        let untilJustBefore = Self.advance(&instance, to: suspectedAt + .milliseconds(1499)).events
        #expect(!untilJustBefore.contains { $0.member.node.name == target })
        let atTheDeadline = Self.advance(&instance, to: suspectedAt + .milliseconds(1500)).events
        #expect(atTheDeadline == [.dead(Member(node: F.node(target), status: .dead, incarnation: Incarnation(generation: 1)))])
    }

    /// Ticks at every deadline the instance asks for up to `time` (as a punctual shell does).
    static func advance(_ instance: inout SWIMInstance, to time: MembershipInstant) -> [MembershipDirective] {
        var directives: [MembershipDirective] = []
        while let next = instance.nextTickDeadline, next <= time { directives += instance.tick(now: next) }
        return directives
    }

    @Test func ackToTheDirectPingEndsTheProbeAndImprovesHealth() {
        var instance = Self.instance()
        var now = F.t0
        let (target, sequence) = Self.nextPing(&instance, now: &now)
        _ = instance.received(MembershipMessage(.ack(sequence: sequence)), from: F.node(target), now: now + .milliseconds(1))
        now = now + .milliseconds(400)
        let later = instance.tick(now: now)
        #expect(!later.sent.contains { if case .pingRequest = $0.message.kind { true } else { false } })
        #expect(later.events.isEmpty)
    }

    @Test func relayForwardsTheTargetsAckOrAnswersNackOnTimeout() throws {
        var instance = Self.instance()
        let ask = instance.received(MembershipMessage(.pingRequest(sequence: 900, target: F.node("c"))), from: F.node("a"), now: F.t0)
        let ping = try #require(ask.sent.first)
        #expect(ping.to == "c")
        guard case .ping(let own) = ping.message.kind else {
            Issue.record("relay did not ping the target")
            return
        }
        let answered = instance.received(MembershipMessage(.ack(sequence: own)), from: F.node("c"), now: F.t0 + .milliseconds(5))
        #expect(answered.sent.map(\.to) == ["a"])
        #expect(answered.sent.first?.message.kind == .ack(sequence: 900))

        _ = instance.received(MembershipMessage(.pingRequest(sequence: 901, target: F.node("d"))), from: F.node("b"), now: F.t0)
        let timedOut = instance.tick(now: F.t0 + .milliseconds(120))
        #expect(timedOut.sent.contains { $0.to == "b" && $0.message.kind == .nack(sequence: 901) })
    }

    @Test func suspicionAboutItselfIsRefutedWithAHigherCount() {
        var instance = Self.instance()
        let suspicion = MemberUpdate(node: Self.me, incarnation: Incarnation(generation: 1), status: .suspect(by: F.node("b")))
        let directives = instance.received(MembershipMessage(.ping(sequence: 3), gossip: [suspicion]), from: F.node("b"), now: F.t0)
        #expect(instance.incarnation == Incarnation(generation: 1, refutations: 1))
        #expect(instance.localHealthScore == 1)
        let refutation = MemberUpdate(node: Self.me, incarnation: Incarnation(generation: 1, refutations: 1), status: .alive)
        // The ack itself carries the refutation, and so do pushes to others.
        #expect(directives.sent.first { $0.to == "b" }?.message.gossip.contains(refutation) == true)
        #expect(directives.sent.filter { $0.message.kind == .gossip }.count == 3)
        // An older suspicion is not refuted again, but the refutation is gossiped anew.
        let stale = instance.received(MembershipMessage(.gossip, gossip: [suspicion]), from: F.node("c"), now: F.t0)
        #expect(instance.incarnation == Incarnation(generation: 1, refutations: 1))
        #expect(stale.sent.contains { $0.message.gossip.contains(refutation) })
    }

    @Test func learningItWasDeclaredDeadRestartsAsTheNextGeneration() {
        var instance = Self.instance()
        let death = MemberUpdate(node: Self.me, incarnation: Incarnation(generation: 1), status: .dead)
        let directives = instance.received(MembershipMessage(.gossip, gossip: [death]), from: F.node("c"), now: F.t0)
        #expect(directives.contains(.restartWithNewIncarnation(Incarnation(generation: 2))))
        #expect(directives.contains { if case .sendToSeed(let message, _) = $0 { if case .join = message.kind { true } else { false } } else { false } })
        // Its view of the others is kept, and it ignores news about its old run from now on.
        #expect(instance.liveMembers.count == 4)
        let again = instance.received(MembershipMessage(.gossip, gossip: [death]), from: F.node("d"), now: F.t0)
        #expect(!again.contains { if case .restartWithNewIncarnation = $0 { true } else { false } })
    }

    /// Found by Tests/Cluster/partition-test.py with a long cut: a node cut off declared everyone dead,
    /// and the joins its old run had held for the seeds were delivered after it had restarted.
    @Test func messagesFromARunItsSenderEndedAreIgnored() {
        var instance = Self.instance()
        _ = instance.received(MembershipMessage(.gossip, gossip: [F.update("c", .alive, generation: 2)]), from: F.node("d"), now: F.t0)
        let stale = MembershipMessage(.join(state: [
            F.update("c", .alive, generation: 1), F.update("a", .dead), F.update("b", .dead),
            MemberUpdate(node: Self.me, incarnation: Incarnation(generation: 1), status: .dead),
        ]))
        let directives = instance.received(stale, from: F.node("c"), now: F.t0)
        #expect(!directives.contains { if case .restartWithNewIncarnation = $0 { true } else { false } })
        #expect(Set(instance.liveMembers.map(\.node.name)) == ["a", "b", "c", "d"])
        // The same news from the run the sender is on now is news.
        let current = MembershipMessage(.gossip, gossip: [F.update("c", .alive, generation: 2), F.update("a", .dead)])
        _ = instance.received(current, from: F.node("c"), now: F.t0)
        #expect(Set(instance.liveMembers.map(\.node.name)) == ["b", "c", "d"])
    }

    @Test func messagesToASuspectOrDeadMemberCarryThatNewsFirst() {
        var instance = Self.instance()
        let suspicion = F.update("c", .suspect(by: F.node("a")))
        _ = instance.received(MembershipMessage(.gossip, gossip: [suspicion]), from: F.node("a"), now: F.t0)
        let toSuspect = instance.received(MembershipMessage(.ping(sequence: 1)), from: F.node("c"), now: F.t0)
        #expect(toSuspect.sent.first?.message.gossip.first == suspicion)

        _ = instance.received(MembershipMessage(.gossip, gossip: [F.update("d", .dead)]), from: F.node("a"), now: F.t0)
        let toDead = instance.received(MembershipMessage(.ping(sequence: 2)), from: F.node("d"), now: F.t0)
        #expect(toDead.sent.first?.message.gossip.first == F.update("d", .dead))
    }

    @Test func linkFailureProbesThroughRelaysAtOnceAndNeverDeclaresDeadByItself() {
        var instance = Self.instance()
        let directives = instance.linkFailed(to: F.node("b"), now: F.t0)
        #expect(directives.sent.filter { if case .pingRequest = $0.message.kind { true } else { false } }.count == 3)
        #expect(directives.sent.contains { $0.to == "b" && { if case .ping = $0 { true } else { false } }($0.message.kind) })
        #expect(directives.events.isEmpty)
        // Nobody answers: suspect after the indirect timeout, dead only after the suspicion timeout.
        var now = F.t0 + .milliseconds(200)
        let suspected = instance.tick(now: now).events
        #expect(suspected.map(\.member.status) == [.suspect])
        now = now + .milliseconds(1000)
        #expect(instance.tick(now: now).events.isEmpty)
    }

    @Test func leaveTellsEveryLiveMemberThenAnswersPingsWithIt() {
        var instance = Self.instance()
        let directives = instance.leave(now: F.t0)
        let left = MemberUpdate(node: Self.me, incarnation: Incarnation(generation: 1), status: .left)
        #expect(directives.sent.map(\.to) == ["a", "b", "c", "d"])
        #expect(directives.sent.allSatisfy { $0.message == MembershipMessage(.gossip, gossip: [left]) })
        #expect(instance.tick(now: F.t0 + .seconds(1)).isEmpty)
        let answer = instance.received(MembershipMessage(.ping(sequence: 8)), from: F.node("a"), now: F.t0 + .seconds(1))
        #expect(answer.sent.first?.message == MembershipMessage(.ack(sequence: 8), gossip: [left]))
    }

    @Test func stalledTickDoesNotJudgePeersBeforeReadingWaitingReplies() {
        for detectStalls in [true, false] {
            var settings = MembershipSettings()
            if !detectStalls { settings.stallThreshold = .seconds(3600) }
            var instance = Self.instance(settings: settings)
            _ = instance.received(MembershipMessage(.gossip, gossip: [F.update("c", .suspect(by: F.node("a")))]), from: F.node("a"), now: F.t0)
            // The process freezes for 3 s; c's refutation waits in the socket behind the timer.
            let woke = instance.tick(now: F.t0 + .seconds(3))
            let declared = woke.events.contains { if case .dead = $0 { true } else { false } }
            #expect(declared == !detectStalls)
            _ = instance.received(MembershipMessage(.gossip, gossip: [F.update("c", .alive, refutations: 1)]), from: F.node("c"), now: F.t0 + .seconds(3))
            #expect(instance.member(named: "c")?.status == (detectStalls ? .alive : .dead))
            if detectStalls { #expect(instance.localHealthScore >= 1) }
        }
    }

    @Test func messageFromAnUnknownNodeStartsAFullStateExchange() {
        var instance = Self.instance()
        let directives = instance.received(MembershipMessage(.ping(sequence: 5)), from: F.node("stranger"), now: F.t0)
        #expect(directives.sent.map(\.to) == ["stranger", "stranger"])
        #expect(directives.sent.last.map { if case .join = $0.message.kind { true } else { false } } == true)
    }

    @Test func messagesFromItselfOrAnInvalidIdentityAreIgnored() {
        var instance = Self.instance()
        #expect(instance.received(MembershipMessage(.ping(sequence: 1)), from: Self.me, now: F.t0).isEmpty)
        #expect(instance.received(MembershipMessage(.ping(sequence: 1)), from: NodeID(name: "Bad Name", address: "x:1"), now: F.t0).isEmpty)
    }

    @Test func sameSeedGivesTheSameDirectives() {
        var first = Self.instance()
        var second = Self.instance()
        for step in 1...40 {
            let now = F.t0 + .milliseconds(Int64(step * 50))
            #expect(first.tick(now: now) == second.tick(now: now))
        }
    }
}
