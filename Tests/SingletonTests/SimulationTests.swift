import Testing
@testable import Singleton

/// Whole clusters in the simulator: the promises of "The nightly job (singleton)" under drift, delay,
/// loss, partitions, pauses, crashes and restarts.
@Suite struct SimulationTests {
    @Test(arguments: [UInt64(1), 2, 3])
    func thirtyNightsOnThreeNodesCommitExactlyThirtySlots(seed: UInt64) {
        var cluster = SingletonSimulator(size: 3, seed: seed)
        cluster.lossRate = 0.01
        cluster.startAll()
        cluster.run(untilUTC: "2024-03-26 12:00")
        let nights = cluster.scheduledSlots(after: "2024-02-25 12:00", through: "2024-03-26 12:00")
        #expect(nights.count == 30)
        #expect(cluster.committedSlots == nights)
        #expect(cluster.violations.isEmpty, "\(cluster.violations)")
        for name in cluster.names { #expect(cluster.committedSlots(of: name) == nights, "\(name)") }
        // Normally one run per night, by the first node by name, under one lease.
        #expect(cluster.runs.count == 30, "\(cluster.runs)")
        #expect(cluster.skipped.isEmpty)
    }
}
