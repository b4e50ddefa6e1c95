import Testing
@testable import Singleton

/// Parsing: every form cron operators write, and an error that says which field is wrong and how.
@Suite struct CronParsingTests {
    @Test func defaultIsThreeInTheMorning() {
        #expect(CronSchedule.nightly == cron("0 3 * * *"))
        #expect(CronSchedule.nightly.allowedMinutes == [0] && CronSchedule.nightly.allowedHours == [3])
        #expect(CronSchedule.nightly.description == "0 3 * * *")
    }

    @Test func listsRangesAndSteps() {
        #expect(cron("*/15 * * * *").allowedMinutes == [0, 15, 30, 45])
        #expect(cron("1-5/2 * * * *").allowedMinutes == [1, 3, 5])
        #expect(cron("5/20 * * * *").allowedMinutes == [5, 25, 45])
        #expect(cron("0,30,10-12 * * * *").allowedMinutes == [0, 10, 11, 12, 30])
        #expect(cron("0 */6 * * *").allowedHours == [0, 6, 12, 18])
        #expect(cron("0 0 */10 * *").allowedDaysOfMonth == [1, 11, 21, 31])
        #expect(cron("0 0 1 */3 *").allowedMonths == [1, 4, 7, 10])
        #expect(cron("0 0 * * */2").allowedDaysOfWeek == [0, 2, 4, 6])
        #expect(cron("59 23 31 12 6").allowedMinutes == [59])
    }

    @Test func namesAreCaseInsensitiveAndMixWithNumbers() {
        #expect(cron("0 0 * jan-mar,DEC *").allowedMonths == [1, 2, 3, 12])
        #expect(cron("0 0 * * Mon-fri").allowedDaysOfWeek == [1, 2, 3, 4, 5])
        #expect(cron("0 0 * * sat,sun").allowedDaysOfWeek == [0, 6])
        #expect(cron("0 0 * 6-aug *").allowedMonths == [6, 7, 8])
    }

    @Test func sevenIsSunday() {
        #expect(cron("0 0 * * 7").allowedDaysOfWeek == [0])
        #expect(cron("0 0 * * 5-7").allowedDaysOfWeek == [0, 5, 6])
        #expect(cron("0 0 * * 0,7").allowedDaysOfWeek == [0])
    }

    @Test func macrosExpand() {
        #expect(cron("@daily").allowedHours == [0])
        #expect(cron("@hourly").allowedHours == Array(0...23))
        #expect(cron("@weekly").allowedDaysOfWeek == [0])
        #expect(cron("@YEARLY").allowedMonths == [1])
        #expect(cron("@monthly").allowedDaysOfMonth == [1])
    }

    @Test func blanksBetweenFieldsAreFlexible() {
        #expect(cron("  0\t3  *   * * ") == cron("0 3 * * *"))
        #expect(cron("  0\t3  *   * * ").expression == "0 3 * * *")
    }

    @Test func dayRuleFollowsVixieCron() {
        #expect(cron("0 0 * * *").daysMustMatchBoth)
        #expect(cron("0 0 13 * *").daysMustMatchBoth)
        #expect(cron("0 0 * * fri").daysMustMatchBoth)
        #expect(!cron("0 0 13 * fri").daysMustMatchBoth)
        #expect(cron("0 0 */2 * mon").daysMustMatchBoth)
    }

    @Test(arguments: [
        ("0 25 * * *", "field 2 (hour): 25 is out of 0-23"),
        ("60 * * * *", "field 1 (minute): 60 is out of 0-59"),
        ("0 0 0 * *", "field 3 (day-of-month): 0 is out of 1-31"),
        ("0 0 32 * *", "field 3 (day-of-month): 32 is out of 1-31"),
        ("0 0 * 13 *", "field 4 (month): 13 is out of 1-12"),
        ("0 0 * * 8", "field 5 (day-of-week): 8 is out of 0-7"),
        ("0 0 * * funday", "field 5 (day-of-week): \"funday\" is not a number or name"),
        ("x * * * *", "field 1 (minute): \"x\" is not a number"),
        ("0 0 * jan-xyz *", "field 4 (month): \"xyz\" is not a number or name"),
        ("0 5-2 * * *", "field 2 (hour): range 5-2 runs backwards"),
        ("*/0 * * * *", "field 1 (minute): step \"0\" is not a positive number"),
        ("*/ * * * *", "field 1 (minute): step \"\" is not a positive number"),
        ("*/-1 * * * *", "field 1 (minute): step \"-1\" is not a positive number"),
        ("1,,2 * * * *", "field 1 (minute): empty list item"),
        ("0 3, * * *", "field 2 (hour): empty list item"),
        ("0 -1 * * *", "field 2 (hour): \"\" is not a number"),
        ("99999999999999999999999 * * * *", "field 1 (minute): 9223372036854775807 is out of 0-59"),
        ("0 3 * *", "expected 5 fields (minute hour day-of-month month day-of-week), got 4"),
        ("0 3 * * * *", "expected 5 fields (minute hour day-of-month month day-of-week), got 6"),
        ("", "expected 5 fields (minute hour day-of-month month day-of-week), got 0"),
        ("@often", "unknown macro @often (use @yearly, @monthly, @weekly, @daily or @hourly)"),
        ("0 0 30 2 *", "field 3 (day-of-month): none of these days exists in the chosen months, so the schedule never runs"),
        ("0 0 31 apr,jun,sep,nov *", "field 3 (day-of-month): none of these days exists in the chosen months, so the schedule never runs"),
    ])
    func errorsSayWhichFieldAndWhy(expression: String, message: String) {
        switch CronSchedule.parse(expression) {
        case .success(let schedule): Issue.record("\(expression) parsed as \(schedule)")
        case .failure(let error): #expect(error.description == message)
        }
    }

    @Test func impossibleDaysAreFineWhenSomethingElseCanMatch() {
        // Feb 29 exists in leap years; Feb 30 with a weekday runs on that weekday; 31 exists in some chosen month.
        #expect(CronSchedule.parse("0 0 29 2 *").isSuccessValue)
        #expect(CronSchedule.parse("0 0 30 2 mon").isSuccessValue)
        #expect(CronSchedule.parse("0 0 30,31 2,3 *").isSuccessValue)
        #expect(CronSchedule.parse("0 0 */30 2 *").isSuccessValue)
    }
}

extension Result {
    var isSuccessValue: Bool { if case .success = self { true } else { false } }
}
