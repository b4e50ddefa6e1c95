import Foundation
import Testing
@testable import Singleton

/// The calendar arithmetic under the cron search agrees with Foundation's Gregorian calendar.
@Suite struct CivilDateTests {
    @Test func daysRoundTripAndAgreeWithFoundation() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        // Every day from 1890 to 2110 (covering 1900 and 2100, which are not leap years, and 2000, which is).
        for days in Int64(-29_220)...Int64(51_500) {
            let date = CivilDate(daysSinceEpoch: days)
            #expect(date.daysSinceEpoch == days)
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: Date(timeIntervalSince1970: Double(days) * 86_400))
            if Int64(parts.year!) != date.year || parts.month! != date.month || parts.day! != date.day || parts.weekday! - 1 != date.weekday {
                Issue.record("day \(days): \(date) weekday \(date.weekday) vs \(parts)")
                return
            }
        }
    }

    @Test func farDatesRoundTrip() {
        for days in [Int64(-3_000_000), -719_468, -719_469, 0, 2_932_896, 4_000_000] {
            #expect(CivilDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
        #expect(CivilDate(daysSinceEpoch: -719_468) == CivilDate(year: 0, month: 3, day: 1))
    }

    @Test func minutesFloorTowardsThePast() {
        #expect(CivilMinute(unixSeconds: -1).unixSeconds == -60)
        #expect(CivilMinute(unixSeconds: 59).unixSeconds == 0)
        #expect(utcText(-1) == "1969-12-31 23:59")
        #expect(utc("2024-02-29 03:00") == 1_709_175_600)
    }

    @Test func leapYearRule() {
        #expect(CivilDate.isLeapYear(2024) && CivilDate.isLeapYear(2000) && CivilDate.isLeapYear(1600))
        #expect(!CivilDate.isLeapYear(2100) && !CivilDate.isLeapYear(1900) && !CivilDate.isLeapYear(2023))
        #expect(CivilDate.daysIn(month: 2, year: 2024) == 29 && CivilDate.daysIn(month: 2, year: 2100) == 28)
    }
}
