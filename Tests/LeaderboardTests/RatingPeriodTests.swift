import Testing
@testable import Leaderboard

@Suite struct RatingPeriodTests {
    @Test func periodsOrderByTheirSlot() { #expect(RatingPeriod(slotStart: 1) < RatingPeriod(slotStart: 2)) }
}
