import Testing
@testable import Membership

/// Lifeguard's promise: a node that is slow, not dead, is not declared dead, and does not declare others dead.
@Suite struct SlowNodeTests {
    static func deaths(_ cluster: ClusterSimulator) -> [ClusterSimulator.Observation] {
        cluster.observations.filter { if case .dead = $0.event { true } else { false } }
    }

    @Test(arguments: [3, 5, 9])
    func nodePausedForOneSecondIsNeverDeclaredDead(size: Int) {
        for seed in UInt64(1)...10 {
            var cluster = ClusterSimulator(size: size, seed: seed)
            cluster.startAll()
            cluster.run(for: .seconds(4) + .milliseconds(Int64(seed * 37 % 250)))
            let victim = "n\(Int(seed) % size)"
            cluster.pause(victim, for: .seconds(1))
            cluster.run(for: .seconds(10))
            #expect(Self.deaths(cluster).isEmpty, "seed \(seed): \(Self.deaths(cluster))")
            #expect(cluster.restarts.isEmpty)
            #expect(cluster.isConverged())
        }
    }

    @Test func pausedNodeIsSuspectedThenRefutesWithAHigherCount() {
        var cluster = ClusterSimulator(size: 5, seed: 2)
        cluster.startAll()
        cluster.run(for: .seconds(4))
        let before = cluster.instance("n2").incarnation
        cluster.pause("n2", for: .seconds(1))
        cluster.run(for: .seconds(5))
        let about = cluster.observations(about: "n2")
        #expect(about.contains { if case .suspect = $0.event { true } else { false } })
        #expect(about.contains { if case .aliveAgain = $0.event { true } else { false } })
        let after = cluster.instance("n2").incarnation
        #expect(after.generation == before.generation && after.refutations > before.refutations)
    }

    @Test(arguments: [3, 5, 9])
    func nodeAnsweringEverythingHalfASecondLateStaysAMember(size: Int) {
        for seed in UInt64(1)...4 {
            var cluster = ClusterSimulator(size: size, seed: seed)
            cluster.startAll()
            cluster.run(for: .seconds(4))
            let victim = "n\(Int(seed) % size)"
            cluster.makeBusy(victim, delay: .milliseconds(500))
            cluster.run(for: .seconds(30))
            #expect(Self.deaths(cluster).isEmpty, "seed \(seed): \(Self.deaths(cluster))")
            // The busy node distrusts itself, not its peers.
            #expect(cluster.instance(victim).localHealthScore > 0)
            cluster.makeBusy(victim, delay: .zero)
            cluster.run(for: .seconds(20))
            #expect(cluster.instance(victim).localHealthScore == 0)
            #expect(cluster.isConverged())
        }
    }

    @Test func nodePausedLongerThanTheDetectionBudgetIsDeclaredDeadThenRejoinsAsANewGeneration() throws {
        var cluster = ClusterSimulator(size: 5, seed: 6)
        cluster.startAll()
        cluster.run(for: .seconds(4))
        let before = cluster.instance("n3").incarnation
        cluster.pause("n3", for: .seconds(4))
        cluster.run(for: .seconds(4))
        #expect(cluster.runningNames.filter { $0 != "n3" }.allSatisfy { !cluster.liveView(of: $0).contains("n3") })
        cluster.run(for: .seconds(3))
        let restart = try #require(cluster.restarts.first)
        #expect(restart.node == "n3" && restart.incarnation == Incarnation(generation: before.generation + 1))
        #expect(cluster.isConverged())
        // The others saw the old run die and the new one join; n3 itself declared nobody dead.
        #expect(Self.deaths(cluster).allSatisfy { $0.event.member.node.name == "n3" && $0.observer != "n3" })
    }
}
