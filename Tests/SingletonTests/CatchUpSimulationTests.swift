import Testing
@testable import Singleton

/// Slots missed while no majority existed run once one returns: each missed slot, in order, at most
/// `maxCatchUpSlots` of them; and without a majority nothing runs at all.
@Suite struct CatchUpSimulationTests {
    @Test(arguments: [UInt64(1), 2])
    func slotsMissedWithoutAMajorityRunInOrderWhenOneReturns(seed: UInt64) {
        var cluster = SingletonSimulator(size: 3, seed: seed)
        cluster.startAll()
        cluster.run(untilUTC: "2024-02-26 12:00")
        cluster.kill("n1")
        cluster.kill("n2")
        // Three nights (Feb 27, 28 and the leap day) with one node of three: nothing runs.
        cluster.run(untilUTC: "2024-02-29 12:00")
        #expect(cluster.committedSlots == [utc("2024-02-26 03:00")])
        #expect(cluster.runs.count == 1)
        cluster.start("n1")
        cluster.run(untilUTC: "2024-02-29 13:00")
        let expected = ["2024-02-26 03:00", "2024-02-27 03:00", "2024-02-28 03:00", "2024-02-29 03:00"].map(utc)
        #expect(cluster.committedSlots == expected)
        // Run in order, one at a time, each once.
        #expect(cluster.runs.map(\.slot.slot) == expected)
        #expect(cluster.violations.isEmpty, "\(cluster.violations)")
        cluster.start("n2")
        cluster.run(untilUTC: "2024-02-29 14:00")
        #expect(cluster.committedSlots(of: "n2") == expected)
    }

    @Test func catchUpRunsAtMostTheLatestSevenAndReportsTheRestSkipped() {
        var cluster = SingletonSimulator(size: 3, seed: 4)
        cluster.startAll()
        cluster.run(untilUTC: "2024-02-26 12:00")
        cluster.kill("n1")
        cluster.kill("n2")
        cluster.run(untilUTC: "2024-03-07 12:00")
        cluster.start("n2")
        cluster.run(untilUTC: "2024-03-07 14:00")
        let missed = cluster.scheduledSlots(after: "2024-02-26 12:00", through: "2024-03-07 12:00")
        #expect(missed.count == 10)
        #expect(cluster.committedSlots == [utc("2024-02-26 03:00")] + missed.suffix(7))
        #expect(cluster.skipped.first == missed[0]...missed[2])
        #expect(cluster.violations.isEmpty, "\(cluster.violations)")
    }

    @Test func aLoneNodeOfAConfiguredThreeNeverRuns() {
        var cluster = SingletonSimulator(size: 3, seed: 5)
        cluster.start("n0")
        cluster.run(untilUTC: "2024-03-05 12:00")
        #expect(cluster.runs.isEmpty)
        #expect(cluster.committedSlots.isEmpty)
    }

    @Test func twoOfThreeRunEveryNight() {
        var cluster = SingletonSimulator(size: 3, seed: 6)
        cluster.start("n1")
        cluster.start("n2")
        cluster.run(untilUTC: "2024-03-05 12:00")
        #expect(cluster.committedSlots == cluster.scheduledSlots(after: "2024-02-25 12:00", through: "2024-03-05 12:00"))
        #expect(cluster.violations.isEmpty)
    }

    @Test func frequentScheduleRunsEverySlotAcrossTheYearEnd() {
        // Every 15 minutes across New Year's Eve; runs take 5 minutes.
        var cluster = SingletonSimulator(size: 3, seed: 7, start: "2024-12-31 22:07", schedule: cron("*/15 * * * *"))
        cluster.workDuration = .seconds(300)
        cluster.startAll()
        cluster.run(untilUTC: "2025-01-01 02:00")
        #expect(cluster.committedSlots == cluster.scheduledSlots(after: "2024-12-31 22:07", through: "2025-01-01 01:55"))
        #expect(cluster.violations.isEmpty)
    }
}
