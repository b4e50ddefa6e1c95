// Cron schedules in UTC, as Vixie cron (and cronie, and Kubernetes CronJob) read them, with two
// deliberate differences: an expression that can never run is refused when parsed, and `a/n` means
// `a-max/n` (as in cronie) rather than being an error.
//
// The day rule is Vixie's, kept because operators know it: when day-of-month and day-of-week are both
// restricted, a day matches if EITHER matches (`0 0 13 * fri` runs on every 13th and every Friday);
// a field counts as unrestricted when it starts with `*`, so `*/2` in one of them makes the rule AND
// (`0 0 */2 * mon` runs on odd-numbered days that are Mondays).
//
// Search is by calendar parts, not by scanning minutes: months are skipped whole, the days of a month
// that match are one 31-bit mask, hours and minutes are bit searches. The farthest a valid schedule can
// be from any instant is a Feb 29 schedule across a skipped century leap year (8 years, about 100
// months), so `next` and `previous` cost microseconds.

/// A 5-field cron expression (minute hour day-of-month month day-of-week) evaluated in UTC.
///
/// Times are Unix seconds; slots fall on whole minutes. `next(after:)` is the first slot strictly after
/// an instant, `previous(atOrBefore:)` the last slot at or before it.
public struct CronSchedule: Hashable, Sendable, CustomStringConvertible {
    /// The nightly default, `0 3 * * *`: every day at 03:00 UTC.
    public static let nightly = CronSchedule(
        expression: "0 3 * * *", minutes: CronValueSet([0]), hours: CronValueSet([3]),
        daysOfMonth: CronValueSet(1...31), months: CronValueSet(1...12), daysOfWeek: CronValueSet(0...6),
        daysOfMonthRestricted: false, daysOfWeekRestricted: false)

    /// Instants `next` and `previous` accept: years -9999 to 9999 with room to spare.
    public static let supportedSeconds: ClosedRange<Int64> = -400_000_000_000...400_000_000_000

    /// The expression as given (trimmed).
    public let expression: String

    let minutes: CronValueSet
    let hours: CronValueSet
    let daysOfMonth: CronValueSet
    let months: CronValueSet
    /// Sunday is 0; a 7 in the expression is stored as 0.
    let daysOfWeek: CronValueSet
    /// Whether the day-of-month field did not start with `*` (see the day rule above).
    let daysOfMonthRestricted: Bool
    /// Whether the day-of-week field did not start with `*`.
    let daysOfWeekRestricted: Bool
    /// For each weekday of a month's first day, the days 1–31 whose weekday is allowed (bit d = day d).
    let weekdayDayMasks: [UInt64]

    init(
        expression: String, minutes: CronValueSet, hours: CronValueSet, daysOfMonth: CronValueSet,
        months: CronValueSet, daysOfWeek: CronValueSet, daysOfMonthRestricted: Bool, daysOfWeekRestricted: Bool
    ) {
        self.expression = expression
        self.minutes = minutes
        self.hours = hours
        self.daysOfMonth = daysOfMonth
        self.months = months
        self.daysOfWeek = daysOfWeek
        self.daysOfMonthRestricted = daysOfMonthRestricted
        self.daysOfWeekRestricted = daysOfWeekRestricted
        self.weekdayDayMasks = (0..<7).map { firstWeekday in
            var mask: UInt64 = 0
            for day in 1...31 where daysOfWeek.contains((firstWeekday + day - 1) % 7) { mask |= 1 << UInt64(day) }
            return mask
        }
    }

    // MARK: Views

    /// The allowed minutes, hours, days of the month, months and days of the week (0 = Sunday), ascending.
    public var allowedMinutes: [Int] { minutes.values }
    public var allowedHours: [Int] { hours.values }
    public var allowedDaysOfMonth: [Int] { daysOfMonth.values }
    public var allowedMonths: [Int] { months.values }
    public var allowedDaysOfWeek: [Int] { daysOfWeek.values }

    /// Whether a day must match both day fields (true when either starts with `*`) or either of them.
    public var daysMustMatchBoth: Bool { !daysOfMonthRestricted || !daysOfWeekRestricted }

    /// Whether the schedule has a slot at the minute holding `unixSeconds`.
    public func matches(_ unixSeconds: Int64) -> Bool {
        let minute = CivilMinute(unixSeconds: unixSeconds)
        return minutes.contains(minute.minute) && hours.contains(minute.hour) && months.contains(minute.date.month)
            && matchingDays(year: minute.date.year, month: minute.date.month) & (1 << UInt64(minute.date.day)) != 0
    }

    public var description: String { expression }

    /// The days of `month` in `year` on which the schedule runs (bit d = day d).
    func matchingDays(year: Int64, month: Int) -> UInt64 {
        let length = CivilDate.daysIn(month: month, year: year)
        let inMonth: UInt64 = ((1 << UInt64(length + 1)) - 1) & ~1
        let firstWeekday = CivilDate(year: year, month: month, day: 1).weekday
        let byDayOfMonth = daysOfMonth.bits & inMonth
        let byWeekday = weekdayDayMasks[firstWeekday] & inMonth
        return daysMustMatchBoth ? byDayOfMonth & byWeekday : byDayOfMonth | byWeekday
    }
}
