import Testing
@testable import Membership

/// Partitions split the view; periodic re-joins through the seeds merge it again, with no ghosts.
@Suite struct PartitionTests {
    @Test(arguments: [UInt64(1), 2, 3, 4])
    func partitionSplitsAndHealsThroughPeriodicRejoin(seed: UInt64) throws {
        var cluster = ClusterSimulator(size: 5, seed: seed)
        cluster.startAll()
        cluster.run(for: .seconds(3))
        #expect(cluster.isConverged())

        cluster.partition([["n0", "n1", "n2"], ["n3", "n4"]])
        cluster.run(for: .seconds(8))
        // Each side declared the other dead and sees only itself.
        for name in ["n0", "n1", "n2"] { #expect(cluster.liveView(of: name) == ["n0", "n1", "n2"].filter { $0 != name }) }
        for name in ["n3", "n4"] { #expect(cluster.liveView(of: name) == ["n3", "n4"].filter { $0 != name }) }

        cluster.heal()
        let healedAt = cluster.now
        let mergedAt = cluster.run(for: .seconds(15), until: { $0.isConverged() })
        let merged = try #require(mergedAt)
        // The next re-join (every 3 s) starts the merge.
        #expect(merged - healedAt <= .seconds(6), "merged after \(merged - healedAt)")

        // No ghosts: it stays converged, every live entry is a running node at its current incarnation.
        cluster.run(for: .seconds(20))
        #expect(cluster.isConverged())
        // Both sides declared the other dead; the smaller side restarts, once each. The larger side keeps
        // its runs: its members never lost each other, and never hold each other dead.
        #expect(Set(cluster.restarts.map(\.node)) == ["n3", "n4"])
        #expect(cluster.restarts.count == 2)
        let majority: Set<String> = ["n0", "n1", "n2"]
        let ended = cluster.observations.filter { observation in
            guard majority.contains(observation.observer), majority.contains(observation.event.member.node.name) else { return false }
            if case .dead = observation.event { return true }
            return false
        }
        #expect(ended.isEmpty, "\(ended)")
    }

    /// The partition test of Tests/Cluster in miniature: one node cut off from two. Its verdicts about
    /// them, in frames sent during the cut or in its re-join, must not make them end each other's runs.
    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6])
    func aMinorityOfOneDoesNotMakeTheOthersRestart(seed: UInt64) throws {
        var cluster = ClusterSimulator(size: 3, seed: seed)
        cluster.startAll()
        cluster.run(for: .seconds(3))
        cluster.partition([["n0", "n1"], ["n2"]])
        cluster.run(for: .seconds(8))
        #expect(cluster.liveView(of: "n2").isEmpty)
        cluster.heal()
        #expect(cluster.run(for: .seconds(10), until: { $0.isConverged() }) != nil)
        cluster.run(for: .seconds(10))
        #expect(cluster.isConverged())
        #expect(cluster.restarts.map(\.node) == ["n2"])
        let ended = cluster.observations.filter { observation in
            guard ["n0", "n1"].contains(observation.observer), observation.event.member.node.name != "n2" else { return false }
            if case .dead = observation.event { return true }
            return false
        }
        #expect(ended.isEmpty, "\(ended)")
    }

    @Test func minoritySideWithoutASeedStillMerges() throws {
        var cluster = ClusterSimulator(size: 5, seed: 9, seedCount: 2)
        cluster.startAll()
        cluster.run(for: .seconds(3))
        cluster.partition([["n0", "n1", "n2", "n3"], ["n4"]])
        cluster.run(for: .seconds(6))
        #expect(cluster.liveView(of: "n4").isEmpty)
        cluster.heal()
        #expect(cluster.run(for: .seconds(10), until: { $0.isConverged() }) != nil)
    }

    @Test func shortPartitionBelowTheDetectionBudgetLeavesNoTrace() {
        var cluster = ClusterSimulator(size: 5, seed: 12)
        cluster.startAll()
        cluster.run(for: .seconds(3))
        cluster.partition([["n0", "n1", "n2"], ["n3", "n4"]])
        cluster.run(for: .milliseconds(600))
        cluster.heal()
        cluster.run(for: .seconds(10))
        #expect(!cluster.observations.contains { if case .dead = $0.event { true } else { false } })
        #expect(cluster.isConverged())
    }
}
