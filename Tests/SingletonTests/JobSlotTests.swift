import Testing
@testable import Singleton

@Suite struct JobSlotTests {
    @Test func slotsOrderByJobThenTime() {
        #expect(JobSlot(job: "a", slot: 5) < JobSlot(job: "b", slot: 1))
        #expect(JobSlot(job: "a", slot: 1) < JobSlot(job: "a", slot: 2))
    }
}
