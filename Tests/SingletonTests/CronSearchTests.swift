import Testing
@testable import Singleton

/// `next` and `previous` across minute, hour, day, month and year ends, leap days and the day rule.
@Suite struct CronSearchTests {
    /// (expression, from, expected next after from)
    @Test(arguments: [
        ("0 3 * * *", "2024-01-01 02:59", "2024-01-01 03:00"),
        ("0 3 * * *", "2024-01-01 03:00", "2024-01-02 03:00"),
        ("0 3 * * *", "2024-01-01 03:00:59", "2024-01-02 03:00"),
        ("0 3 * * *", "2023-12-31 03:00", "2024-01-01 03:00"),
        ("0 3 * * *", "2024-02-28 04:00", "2024-02-29 03:00"),
        ("0 3 * * *", "2023-02-28 04:00", "2023-03-01 03:00"),
        ("* * * * *", "2023-12-31 23:59", "2024-01-01 00:00"),
        ("*/15 * * * *", "2024-05-05 10:44", "2024-05-05 10:45"),
        ("*/15 * * * *", "2024-05-05 23:45", "2024-05-06 00:00"),
        ("30 */6 * * *", "2024-05-05 18:31", "2024-05-06 00:30"),
        ("0 0 31 * *", "2024-04-01 00:00", "2024-05-31 00:00"),
        ("0 0 31 * *", "2024-01-31 00:00", "2024-03-31 00:00"),
        ("0 0 30 * *", "2024-01-30 12:00", "2024-03-30 00:00"),
        ("0 0 29 2 *", "2024-03-01 00:00", "2028-02-29 00:00"),
        ("0 0 29 2 *", "2096-02-29 00:00", "2104-02-29 00:00"),
        ("0 0 29 2 *", "2024-02-28 23:59", "2024-02-29 00:00"),
        ("0 12 29 feb *", "1999-06-01 00:00", "2000-02-29 12:00"),
        ("0 0 1 1 *", "2024-06-15 00:00", "2025-01-01 00:00"),
        ("59 23 31 12 *", "2024-12-31 23:59", "2025-12-31 23:59"),
        ("0 9 * * mon-fri", "2024-05-03 09:00", "2024-05-06 09:00"),
        ("0 0 13 * fri", "2024-09-01 00:00", "2024-09-06 00:00"),
        ("0 0 13 * fri", "2024-09-06 00:00", "2024-09-13 00:00"),
        ("0 0 13 * fri", "2024-09-13 00:00", "2024-09-20 00:00"),
        ("0 0 */2 * mon", "2024-09-01 00:00", "2024-09-09 00:00"),
        ("0 0 * * 7", "2024-09-01 00:00", "2024-09-08 00:00"),
        ("0 0 29 2 mon", "2024-02-27 00:00", "2024-02-29 00:00"),
        ("0 0 29 2 mon", "2024-02-29 00:00", "2025-02-03 00:00"),
        ("15 10 * 2 *", "2023-02-28 10:15", "2024-02-01 10:15"),
        ("0 0 1 1 *", "-1", "1970-01-01 00:00"),
        ("0 0 1 1 *", "1969-06-01 00:00", "1970-01-01 00:00"),
    ])
    func nextSlot(expression: String, from: String, expected: String) {
        let start = from == "-1" ? -1 : utc(from)
        let found = cron(expression).next(after: start)
        #expect(utcText(found) == expected, "\(expression) after \(from)")
        #expect(found % 60 == 0)
    }

    /// (expression, at, expected previous at or before at)
    @Test(arguments: [
        ("0 3 * * *", "2024-01-01 03:00", "2024-01-01 03:00"),
        ("0 3 * * *", "2024-01-01 03:00:42", "2024-01-01 03:00"),
        ("0 3 * * *", "2024-01-01 02:59", "2023-12-31 03:00"),
        ("0 3 * * *", "2024-03-01 02:00", "2024-02-29 03:00"),
        ("0 3 * * *", "2023-03-01 02:00", "2023-02-28 03:00"),
        ("* * * * *", "2024-01-01 00:00:30", "2024-01-01 00:00"),
        ("*/15 * * * *", "2024-05-06 00:14", "2024-05-06 00:00"),
        ("*/15 * * * *", "2024-05-06 00:00", "2024-05-06 00:00"),
        ("45 23 * * *", "2024-01-01 00:00", "2023-12-31 23:45"),
        ("0 0 31 * *", "2024-05-30 00:00", "2024-03-31 00:00"),
        ("0 0 29 2 *", "2104-02-28 00:00", "2096-02-29 00:00"),
        ("0 0 29 2 *", "2024-02-29 00:00", "2024-02-29 00:00"),
        ("0 9 * * mon-fri", "2024-05-06 08:59", "2024-05-03 09:00"),
        ("0 0 13 * fri", "2024-09-19 00:00", "2024-09-13 00:00"),
        ("0 0 1 1 *", "1970-01-01 00:00", "1970-01-01 00:00"),
        ("0 0 1 1 *", "1969-12-31 23:59", "1969-01-01 00:00"),
    ])
    func previousSlot(expression: String, at: String, expected: String) {
        #expect(utcText(cron(expression).previous(atOrBefore: utc(at))) == expected, "\(expression) at or before \(at)")
    }

    @Test func nextAndPreviousAreInverses() {
        let schedule = cron("0 0 29 2 *")
        var slot = schedule.next(after: utc("1899-01-01 00:00"))
        var seen: [String] = []
        for _ in 0..<4 {
            seen.append(utcText(slot))
            let next = schedule.next(after: slot)
            #expect(schedule.previous(atOrBefore: next - 1) == slot)
            slot = next
        }
        #expect(seen == ["1904-02-29 00:00", "1908-02-29 00:00", "1912-02-29 00:00", "1916-02-29 00:00"])
    }

    @Test func matchesOnlySlots() {
        let schedule = cron("0 0 13 * fri")
        #expect(schedule.matches(utc("2024-09-13 00:00:30")))
        #expect(schedule.matches(utc("2024-09-06 00:00")))
        #expect(!schedule.matches(utc("2024-09-07 00:00")))
        #expect(!schedule.matches(utc("2024-09-06 00:01")))
    }

    @Test func searchIsFastEvenForRareSchedules() {
        // 2,000 searches of the rarest kind (Feb 29, up to 8 years apart) stay well under a second.
        let schedule = cron("0 0 29 2 *")
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            var slot = utc("1600-01-01 00:00")
            for _ in 0..<2_000 { slot = schedule.next(after: slot) }
            #expect(slot > utc("9000-01-01 00:00"))
        }
        #expect(elapsed < .seconds(2), "\(elapsed)")
    }
}
