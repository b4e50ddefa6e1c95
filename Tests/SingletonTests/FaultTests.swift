import Testing
@testable import Singleton

/// The slot is committed exactly once whatever happens to the leader: stalls past the lease, crashes
/// mid-run or mid-commit, partitions, and restarts that wipe every grantor's promises.
@Suite struct FaultTests {
    static let slot = utc("2024-02-26 03:00")
    static let jobSlot = JobSlot(job: SingletonSimulator.job, slot: slot)

    /// A cluster that has committed its first night and is about to reach the second.
    static func clusterBeforeSecondNight(size: Int = 3, seed: UInt64) -> SingletonSimulator {
        var cluster = SingletonSimulator(size: size, seed: seed, start: "2024-02-25 02:00")
        cluster.keepLog = true
        cluster.startAll()
        cluster.run(untilUTC: "2024-02-26 02:59")
        precondition(cluster.committedSlots == [utc("2024-02-25 03:00")], "the first night did not commit")
        return cluster
    }

    static func expectOneCommit(_ cluster: SingletonSimulator, of slot: Int64 = slot, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(cluster.violations.isEmpty, "\(cluster.violations)\n\(cluster.log.suffix(60).joined(separator: "\n"))", sourceLocation: sourceLocation)
        #expect(cluster.decided[slot] != nil, "\(utcText(slot)) never committed\n\(cluster.log.suffix(60).joined(separator: "\n"))", sourceLocation: sourceLocation)
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func leaderFrozenBeforeItsProposalLeavesIsFencedOffAndAnotherNodeCommits(seed: UInt64) throws {
        var cluster = Self.clusterBeforeSecondNight(seed: seed)
        // n0 leads (first by name); it freezes for 3 minutes right after deciding to propose, so its
        // proposal reaches the others long after its lease ran out and another node took over.
        cluster.freezeOnNextProposal = ("n0", .seconds(180))
        cluster.run(untilUTC: "2024-02-26 03:10")
        Self.expectOneCommit(cluster)
        let first = try #require(cluster.runs.first { $0.slot == Self.jobSlot })
        #expect(first.node == "n0")
        let commit = try #require(cluster.decided[Self.slot])
        #expect(commit.runToken > first.token, "the newer run's output is the one committed")
        // The frozen leader's proposal arrived and was refused by fencing.
        #expect(cluster.commitRefusals.contains { $0.node == "n0" && $0.refusal.token == first.token && $0.refusal.reason == .staleToken(newest: commit.runToken) })
        for name in cluster.names { #expect(cluster.nodes[name]!.committed[Self.jobSlot] == commit, "\(name)") }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func leaderPausedPastItsLeaseMidRunAbandonsAndAnotherNodeCommits(seed: UInt64) throws {
        var cluster = Self.clusterBeforeSecondNight(seed: seed)
        cluster.run(untilUTC: "2024-02-26 03:00:20")
        #expect(cluster.runs.last?.node == "n0" && cluster.runs.last?.slot == Self.jobSlot)
        cluster.pause("n0", for: .seconds(120))
        cluster.run(untilUTC: "2024-02-26 03:10")
        Self.expectOneCommit(cluster)
        let commit = try #require(cluster.decided[Self.slot])
        let winner = try #require(cluster.runs.first { $0.token == commit.runToken })
        #expect(winner.node != "n0")
        #expect(cluster.abandoned.contains { $0.node == "n0" && $0.slot == Self.jobSlot })
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func minoritySideNeverRunsAndMajoritySideDoes(seed: UInt64) throws {
        var cluster = Self.clusterBeforeSecondNight(seed: seed)
        // n0, the usual leader, is cut off alone across the slot.
        cluster.partition([["n0"], ["n1", "n2"]])
        cluster.run(untilUTC: "2024-02-26 06:00")
        Self.expectOneCommit(cluster)
        #expect(!cluster.runs.contains { $0.node == "n0" && $0.slot == Self.jobSlot })
        #expect(cluster.nodes["n0"]!.committed[Self.jobSlot] == nil)
        // Once healed, the minority learns the commit (from the periodic sync), once.
        cluster.heal()
        cluster.run(untilUTC: "2024-02-26 07:00")
        #expect(cluster.nodes["n0"]!.committed[Self.jobSlot] == cluster.decided[Self.slot])
        #expect(cluster.violations.isEmpty)
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func leaderCutOffMidRunLosesItsLeaseAndTheMajorityCommits(seed: UInt64) throws {
        var cluster = Self.clusterBeforeSecondNight(seed: seed)
        cluster.run(untilUTC: "2024-02-26 03:00:10")
        cluster.partition([["n0"], ["n1", "n2"]])
        cluster.run(untilUTC: "2024-02-26 03:10")
        Self.expectOneCommit(cluster)
        let commit = try #require(cluster.decided[Self.slot])
        #expect(cluster.runs.first { $0.token == commit.runToken }?.node != "n0")
        #expect(cluster.abandoned.contains { $0.node == "n0" && $0.slot == Self.jobSlot })
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func nodeDyingMidRunIsReplacedOnceItsLeaseExpires(seed: UInt64) throws {
        var cluster = Self.clusterBeforeSecondNight(seed: seed)
        cluster.run(untilUTC: "2024-02-26 03:00:20")
        let dead = try #require(cluster.runs.last)
        cluster.kill(dead.node)
        cluster.run(untilUTC: "2024-02-26 03:10")
        Self.expectOneCommit(cluster)
        let commit = try #require(cluster.decided[Self.slot])
        let replacement = try #require(cluster.runs.first { $0.token == commit.runToken })
        #expect(replacement.node != dead.node && replacement.token > dead.token)
        // It waited for the dead leader's lease (and the grantors' promises) to run out.
        #expect(replacement.startedAt - dead.startedAt >= SingletonSettings().leaseDuration.wholeNanoseconds - 20_000_000_000)
        // The dead node comes back and learns the commit once.
        cluster.start(dead.node)
        cluster.run(untilUTC: "2024-02-26 04:00")
        #expect(cluster.nodes[dead.node]!.committed[Self.jobSlot] == commit)
        #expect(cluster.violations.isEmpty)
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func leaderDyingBeforeAnnouncingAMajorityCommitHasItCommittedUnchangedByTheNext(seed: UInt64) throws {
        var cluster = Self.clusterBeforeSecondNight(seed: seed)
        cluster.killOnNextProposal = "n0"
        cluster.run(untilUTC: "2024-02-26 03:10")
        Self.expectOneCommit(cluster)
        let dead = try #require(cluster.runs.first { $0.slot == Self.jobSlot })
        #expect(dead.node == "n0")
        // The others accepted n0's proposal; the next leader proposes that same commit again rather
        // than running the slot a second time.
        #expect(cluster.decided[Self.slot]?.runToken == dead.token)
        #expect(cluster.runs.filter { $0.slot == Self.jobSlot }.count == 1)
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func restartedGrantorsWaitOutLeasesTheyForgot(seed: UInt64) throws {
        var cluster = Self.clusterBeforeSecondNight(seed: seed)
        cluster.run(untilUTC: "2024-02-26 03:00:20")
        let leader = try #require(cluster.runs.last)
        // Every other node restarts while the leader runs: their promises to it are gone.
        for name in cluster.names where name != leader.node { cluster.restart(name) }
        cluster.run(untilUTC: "2024-02-26 03:05")
        // The leader is the only lease holder until it gives up; one commit.
        Self.expectOneCommit(cluster)
        // Then the leader restarts too: every node has restarted, nothing is committed twice.
        cluster.restart(leader.node)
        cluster.run(untilUTC: "2024-02-27 04:00")
        Self.expectOneCommit(cluster, of: utc("2024-02-27 03:00"))
        for name in cluster.names { #expect(cluster.committedSlots(of: name) == [utc("2024-02-25 03:00"), Self.slot, utc("2024-02-27 03:00")], "\(name)") }
    }

    @Test func withoutTheRestartQuietPeriodForgottenPromisesLetTwoLeasesOverlap() throws {
        // The negative control for the test above: the same restarts with the quiet period off.
        var settings = SingletonSimulator.defaultSettings
        settings.restartQuietPeriodOverride = .zero
        var cluster = SingletonSimulator(size: 3, seed: 1, start: "2024-02-25 02:00", settings: settings)
        cluster.startAll()
        cluster.run(untilUTC: "2024-02-26 03:00:20")
        let leader = try #require(cluster.runs.last)
        for name in cluster.names where name != leader.node { cluster.restart(name) }
        cluster.run(untilUTC: "2024-02-26 03:05")
        #expect(cluster.violations.contains { $0.hasPrefix("leases overlap") })
        // Fencing still keeps the commit single: the old leader's proposal is refused.
        #expect(!cluster.violations.contains { $0.contains("committed as") })
        #expect(cluster.runs.filter { $0.slot == Self.jobSlot }.count == 2)
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func wholeClusterRestartedMidRunCommitsTheSlotOnce(seed: UInt64) {
        // Also on the very first night, with nothing committed yet: the slot is not lost.
        var first = SingletonSimulator(size: 3, seed: seed, start: "2024-02-25 02:00")
        first.startAll()
        first.run(untilUTC: "2024-02-25 03:00:20")
        for name in first.names { first.restart(name) }
        first.run(untilUTC: "2024-02-25 03:10")
        Self.expectOneCommit(first, of: utc("2024-02-25 03:00"))

        var cluster = Self.clusterBeforeSecondNight(seed: seed)
        cluster.run(untilUTC: "2024-02-26 03:00:20")
        for name in cluster.names { cluster.restart(name) }
        cluster.run(untilUTC: "2024-02-26 03:10")
        Self.expectOneCommit(cluster)
        for name in cluster.names { #expect(cluster.nodes[name]!.committed[Self.jobSlot] == cluster.decided[Self.slot]) }
    }
}
