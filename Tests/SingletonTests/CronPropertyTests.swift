import Testing
@testable import Singleton

/// `next` and `previous` agree with a brute-force minute-by-minute scan over two-year windows, for
/// random expressions built to hit the hard parts (month ends, Feb 29, both day fields, steps).
@Suite struct CronPropertyTests {
    /// Every matching minute in [start, start + days), found the slow way: each minute checked against
    /// the field rules written out independently of the search code.
    static func bruteForce(_ schedule: CronSchedule, fromDay start: Int64, days: Int64) -> [Int64] {
        var found: [Int64] = []
        let allowed = { (values: [Int]) in (0..<64).map { values.contains($0) } }
        let minutes = allowed(schedule.allowedMinutes), hours = allowed(schedule.allowedHours)
        let daysOfMonth = allowed(schedule.allowedDaysOfMonth), months = allowed(schedule.allowedMonths)
        let weekdays = allowed(schedule.allowedDaysOfWeek)
        for day in start..<(start + days) {
            let date = CivilDate(daysSinceEpoch: day)
            let byMonthDay = daysOfMonth[date.day], byWeekday = weekdays[date.weekday]
            let dayMatches = schedule.daysMustMatchBoth ? byMonthDay && byWeekday : byMonthDay || byWeekday
            guard months[date.month] && dayMatches else { continue }
            for minuteOfDay in 0..<1440 where hours[minuteOfDay / 60] && minutes[minuteOfDay % 60] {
                found.append((day * 1440 + Int64(minuteOfDay)) * 60)
            }
        }
        return found
    }

    static func randomField(_ field: CronField, _ random: inout TestRandom) -> String {
        let range = field.starRange
        let value = { (random: inout TestRandom) in Int.random(in: range, using: &random) }
        var items: [String] = []
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            switch Int.random(in: 0..<10, using: &random) {
            case 0: items.append("*")
            case 1: items.append("*/\(Int.random(in: 1...max(1, range.count / 2), using: &random))")
            case 2, 3:
                let a = value(&random), b = value(&random)
                items.append("\(min(a, b))-\(max(a, b))")
            case 4:
                let a = value(&random), b = value(&random)
                items.append("\(min(a, b))-\(max(a, b))/\(Int.random(in: 1...4, using: &random))")
            case 5 where field == .dayOfMonth: items.append(["29", "30", "31", "28-31"][Int.random(in: 0..<4, using: &random)])
            case 5 where field == .month: items.append("feb")
            default: items.append("\(value(&random))")
            }
        }
        // A star only makes sense alone at the front (it decides the day rule).
        if items.contains("*") { return "*" }
        return items.joined(separator: ",")
    }

    @Test(arguments: [UInt64(1), 2, 3, 4])
    func searchAgreesWithBruteForce(seed: UInt64) {
        var random = TestRandom(seed: seed)
        // 2023–2025 holds one leap day; 2099–2101 holds none (2100 is not a leap year).
        let windows = [CivilDate(year: 2023, month: 1, day: 1).daysSinceEpoch, CivilDate(year: 2099, month: 1, day: 1).daysSinceEpoch]
        var checked = 0
        for _ in 0..<40 {
            let fields = CronField.allCases.map { Self.randomField($0, &random) }
            let expression = fields.joined(separator: " ")
            guard case .success(let schedule) = CronSchedule.parse(expression) else { continue }
            let startDay = windows[Int.random(in: 0..<2, using: &random)]
            let slots = Self.bruteForce(schedule, fromDay: startDay, days: 731)
            let windowStart = startDay * 86_400, windowEnd = (startDay + 731) * 86_400
            for _ in 0..<30 {
                let at = Int64.random(in: windowStart..<windowEnd, using: &random)
                // The first brute-force slot after `at`, and the last at or before it (when the window holds them).
                let upper = slots.partitioningIndex { $0 > at }
                if upper < slots.count {
                    #expect(schedule.next(after: at) == slots[upper], "\(expression) after \(utcText(at))")
                } else {
                    #expect(schedule.next(after: at) >= windowEnd, "\(expression) after \(utcText(at))")
                }
                if upper > 0 {
                    #expect(schedule.previous(atOrBefore: at) == slots[upper - 1], "\(expression) at or before \(utcText(at))")
                } else {
                    #expect(schedule.previous(atOrBefore: at) < windowStart, "\(expression) at or before \(utcText(at))")
                }
                checked += 1
            }
            // And walking slot by slot reproduces the list exactly.
            if let first = slots.first {
                var slot = first
                for expected in slots.prefix(200).dropFirst() {
                    slot = schedule.next(after: slot)
                    if slot != expected { Issue.record("\(expression): walk reached \(utcText(slot)), expected \(utcText(expected))"); break }
                }
            }
        }
        #expect(checked > 600)
    }
}

extension Array {
    /// The first index whose element satisfies `predicate`, for a predicate false then true along the array.
    func partitioningIndex(where predicate: (Element) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if predicate(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
