import Testing
@testable import Membership

/// Clusters form from a seed list and stay quiet and stable.
@Suite struct ConvergenceTests {
    @Test(arguments: [3, 5, 9])
    func clusterConvergesFromOneSeed(size: Int) throws {
        var cluster = ClusterSimulator(size: size, seed: UInt64(size))
        cluster.startAll()
        let convergedAt = cluster.run(for: .seconds(5), until: { $0.isConverged() })
        let converged = try #require(convergedAt)
        // Joins are answered with full state and news is pushed at once: well under a protocol period.
        #expect(converged - MembershipInstant(nanoseconds: 1_000_000_000) < .seconds(1))
        cluster.run(for: .seconds(30))
        #expect(cluster.isConverged())
        #expect(!cluster.observations.contains { if case .dead = $0.event { true } else { false } })
        #expect(!cluster.observations.contains { if case .suspect = $0.event { true } else { false } })
    }

    @Test func everyNodeReportsEveryOtherAsJoinedExactlyOnce() {
        var cluster = ClusterSimulator(size: 5, seed: 11)
        cluster.startAll()
        cluster.run(for: .seconds(10))
        for observer in cluster.names {
            let joined = cluster.observations.filter { $0.observer == observer }.compactMap { observation -> String? in
                if case .joined(let member) = observation.event { member.node.name } else { nil }
            }
            #expect(joined.sorted() == cluster.names.filter { $0 != observer }.sorted())
        }
    }

    @Test func nodesJoiningThroughDifferentSeedsFormOneCluster() {
        var cluster = ClusterSimulator(size: 6, seed: 5, seedCount: 3)
        cluster.startAll()
        #expect(cluster.run(for: .seconds(5), until: { $0.isConverged() }) != nil)
    }

    @Test func clusterFormsWhenTheSeedStartsLast() {
        var cluster = ClusterSimulator(size: 4, seed: 8)
        for name in ["n1", "n2", "n3"] { cluster.join(name) }
        cluster.run(for: .seconds(2))
        cluster.join("n0")
        // Everyone retries all seeds every rejoin interval while alone.
        #expect(cluster.run(for: .seconds(4), until: { $0.isConverged() }) != nil)
    }

    @Test func idleClusterSendsAFewMessagesPerNodeAndPeriod() {
        var cluster = ClusterSimulator(size: 5, seed: 3)
        cluster.startAll()
        cluster.run(for: .seconds(10))
        let before = cluster.messagesSent
        cluster.run(for: .seconds(10))
        // A ping and an ack per node and period (4 per second), plus a full-state re-join every 3 s.
        let perNodePerSecond = Double(cluster.messagesSent - before) / 10 / 5
        #expect(perNodePerSecond < 10)
    }
}
