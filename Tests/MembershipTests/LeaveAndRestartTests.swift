import Testing
@testable import Membership

/// Clean leaves reach everyone at once; a restarted process replaces its predecessor's entry.
@Suite struct LeaveAndRestartTests {
    @Test(arguments: [3, 5, 9])
    func cleanLeaveReachesEveryoneAtOnce(size: Int) {
        var cluster = ClusterSimulator(size: size, seed: UInt64(size))
        cluster.startAll()
        cluster.run(for: .seconds(3))
        let leftAt = cluster.now
        cluster.leave("n1")
        cluster.kill("n1")  // the process exits right after sending
        cluster.run(for: .milliseconds(20))
        let left = cluster.observations(about: "n1").filter { if case .left = $0.event { true } else { false } }
        #expect(Set(left.map(\.observer)) == Set(cluster.runningNames))
        #expect(left.allSatisfy { $0.time - leftAt < .milliseconds(5) })
        cluster.run(for: .seconds(10))
        // Never reported dead or suspect afterwards, and gone from every view.
        #expect(cluster.observations(about: "n1").allSatisfy { if case .left = $0.event { true } else if case .joined = $0.event { true } else { false } })
        #expect(cluster.isConverged())
    }

    @Test func nodeThatMissedTheLeaveHearsItWhenItProbes() {
        var cluster = ClusterSimulator(size: 3, seed: 4)
        cluster.startAll()
        cluster.run(for: .seconds(3))
        // n2 cannot hear n1's leave; afterwards n1 keeps answering pings with it.
        cluster.partition([["n0", "n1"], ["n2"]])
        cluster.leave("n1")
        cluster.run(for: .milliseconds(10))
        cluster.heal()
        cluster.run(for: .seconds(3))
        let aboutN1 = cluster.observations(about: "n1").filter { $0.observer == "n2" }
        #expect(aboutN1.contains { if case .left = $0.event { true } else { false } })
        #expect(!aboutN1.contains { if case .dead = $0.event { true } else { false } })
    }

    @Test func restartedNodeWithANewGenerationReplacesTheOldEntry() {
        var cluster = ClusterSimulator(size: 5, seed: 7)
        cluster.startAll()
        cluster.run(for: .seconds(3))
        // Killed and back within 100 ms, long before anyone could detect it.
        cluster.kill("n2")
        cluster.run(for: .milliseconds(100))
        cluster.restart("n2", generation: 2)
        cluster.run(for: .seconds(2))
        for observer in cluster.runningNames where observer != "n2" {
            let events = cluster.observations(about: "n2").filter { $0.observer == observer && $0.time > MembershipInstant(nanoseconds: 3_000_000_000) }
            // The old run ends, the new one joins: the layers above drop what the old process owned.
            #expect(events.map(\.event) == [
                .dead(Member(node: ClusterSimulator.nodeID("n2"), status: .dead, incarnation: Incarnation(generation: 1))),
                .joined(Member(node: ClusterSimulator.nodeID("n2"), status: .alive, incarnation: Incarnation(generation: 2))),
            ])
        }
        #expect(cluster.isConverged())
        #expect(cluster.restarts.isEmpty)
    }

    @Test func restartedNodeWithAnOlderGenerationMovesPastItsPredecessor() {
        var cluster = ClusterSimulator(size: 5, seed: 8)
        cluster.startAll()
        cluster.run(for: .seconds(3))
        cluster.kill("n3")
        cluster.restart("n3", generation: 0)  // a clock that went backwards, say
        cluster.run(for: .seconds(2))
        #expect(cluster.restarts.map(\.node) == ["n3"])
        #expect(cluster.instance("n3").incarnation == Incarnation(generation: 2))
        #expect(cluster.isConverged())
    }

    @Test func restartedNodeAtANewAddressIsFoundThere() {
        var cluster = ClusterSimulator(size: 3, seed: 2)
        cluster.startAll()
        cluster.run(for: .seconds(3))
        var instance = cluster.instance("n0")
        let moved = NodeID(name: "n2", address: "10.0.9.9:7946")
        let directives = instance.received(
            MembershipMessage(.gossip, gossip: [MemberUpdate(node: moved, incarnation: Incarnation(generation: 5), status: .alive)]),
            from: ClusterSimulator.nodeID("n1"), now: cluster.now)
        #expect(instance.member(named: "n2")?.node == moved)
        #expect(directives.contains(.memberChanged(.joined(Member(node: moved, status: .alive, incarnation: Incarnation(generation: 5))))))
    }

    @Test func restartAfterDeathIsAnnouncedOnceAndAcceptedByAll() {
        var cluster = ClusterSimulator(size: 5, seed: 5)
        cluster.startAll()
        cluster.run(for: .seconds(3))
        cluster.kill("n4")
        cluster.run(for: .seconds(5))
        #expect(cluster.runningNames.allSatisfy { !cluster.liveView(of: $0).contains("n4") })
        cluster.restart("n4", generation: 2)
        cluster.run(for: .seconds(2))
        #expect(cluster.isConverged())
    }
}
