import Testing
@testable import Singleton

/// Which slots a new leader runs.
@Suite struct CatchUpPlanTests {
    let nightly = CronSchedule.nightly

    @Test func runsEveryMissedSlotInOrder() {
        let plan = CatchUpPlan(schedule: nightly, after: utc("2024-02-26 03:00"), now: utc("2024-03-01 12:00"), limit: 7)
        #expect(plan.slots.map(utcText) == ["2024-02-27 03:00", "2024-02-28 03:00", "2024-02-29 03:00", "2024-03-01 03:00"])
        #expect(plan.skipped == nil)
    }

    @Test func nothingWhenUpToDate() {
        #expect(CatchUpPlan(schedule: nightly, after: utc("2024-03-01 03:00"), now: utc("2024-03-01 12:00"), limit: 7).slots.isEmpty)
        #expect(CatchUpPlan(schedule: nightly, after: utc("2024-03-01 03:00"), now: utc("2024-03-02 02:59"), limit: 7).slots.isEmpty)
        // A slot that is exactly now is due.
        #expect(CatchUpPlan(schedule: nightly, after: utc("2024-03-01 03:00"), now: utc("2024-03-02 03:00"), limit: 7).slots == [utc("2024-03-02 03:00")])
        // A settled slot in this clock's future (another node's clock is ahead) means nothing is due.
        #expect(CatchUpPlan(schedule: nightly, after: utc("2024-03-02 03:00"), now: utc("2024-03-02 02:59:50"), limit: 7).slots.isEmpty)
    }

    @Test func boundKeepsTheLatestAndReportsTheRest() {
        let plan = CatchUpPlan(schedule: nightly, after: utc("2024-01-01 03:00"), now: utc("2024-01-31 12:00"), limit: 7)
        #expect(plan.slots.map(utcText) == (25...31).map { "2024-01-\($0) 03:00" })
        #expect(plan.skipped == utc("2024-01-02 03:00")...utc("2024-01-24 03:00"))
        let one = CatchUpPlan(schedule: nightly, after: utc("2024-01-01 03:00"), now: utc("2024-01-03 12:00"), limit: 1)
        #expect(one.slots == [utc("2024-01-03 03:00")] && one.skipped == utc("2024-01-02 03:00")...utc("2024-01-02 03:00"))
    }
}
