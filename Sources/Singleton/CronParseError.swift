/// Why a cron expression was refused, worded for the operator who typed it:
/// `field 2 (hour): 25 is out of 0-23`.
public struct CronParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong.
    public enum Problem: Hashable, Sendable {
        /// The expression has this many fields instead of 5 (and is not a known `@` macro).
        case wrongFieldCount(Int)
        /// An `@` word that is not one of `@yearly @annually @monthly @weekly @daily @midnight @hourly`.
        case unknownMacro(String)
        /// A list has an empty item (`1,,2` or a trailing comma).
        case emptyItem
        /// A value that is neither a number nor a name this field accepts.
        case notAValue(String)
        /// A value outside the field's range.
        case outOfRange(Int, ClosedRange<Int>)
        /// A range whose start is after its end (`5-2`); cron ranges do not wrap around.
        case backwardsRange(Int, Int)
        /// A step that is not a positive number (`*/0`, `*/x`).
        case invalidStep(String)
        /// Day-of-month is restricted, day-of-week is `*`, and none of the chosen days exists in any of
        /// the chosen months (`0 0 30 2 *`): the schedule would never run.
        case neverMatches
    }

    /// The field the problem is in, or nil for the expression as a whole.
    public let field: CronField?
    public let problem: Problem

    public init(field: CronField?, problem: Problem) {
        self.field = field
        self.problem = problem
    }

    public var description: String {
        let what: String
        switch problem {
        case .wrongFieldCount(let count):
            what = "expected 5 fields (minute hour day-of-month month day-of-week), got \(count)"
        case .unknownMacro(let word): what = "unknown macro \(word) (use @yearly, @monthly, @weekly, @daily or @hourly)"
        case .emptyItem: what = "empty list item"
        case .notAValue(let text): what = "\"\(text)\" is not a number\(field?.names.isEmpty == false ? " or name" : "")"
        case .outOfRange(let value, let range): what = "\(value) is out of \(range.lowerBound)-\(range.upperBound)"
        case .backwardsRange(let low, let high): what = "range \(low)-\(high) runs backwards"
        case .invalidStep(let text): what = "step \"\(text)\" is not a positive number"
        case .neverMatches: what = "none of these days exists in the chosen months, so the schedule never runs"
        }
        guard let field else { return what }
        return "field \(field.rawValue) (\(field.name)): \(what)"
    }
}

/// The five fields of a cron expression, numbered as operators count them.
public enum CronField: Int, Hashable, Sendable, CaseIterable {
    case minute = 1, hour, dayOfMonth, month, dayOfWeek

    /// The name used in error messages.
    public var name: String {
        switch self {
        case .minute: "minute"
        case .hour: "hour"
        case .dayOfMonth: "day-of-month"
        case .month: "month"
        case .dayOfWeek: "day-of-week"
        }
    }

    /// The values the field accepts (day-of-week also accepts 7 for Sunday).
    public var range: ClosedRange<Int> {
        switch self {
        case .minute: 0...59
        case .hour: 0...23
        case .dayOfMonth: 1...31
        case .month: 1...12
        case .dayOfWeek: 0...7
        }
    }

    /// The range `*` stands for (day-of-week stops at 6: Sunday is 0, so `*/2` is Sun Tue Thu Sat).
    var starRange: ClosedRange<Int> { self == .dayOfWeek ? 0...6 : range }

    /// Three-letter names accepted in place of numbers, in value order from `range.lowerBound`.
    var names: [String] {
        switch self {
        case .month: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        case .dayOfWeek: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
        default: []
        }
    }
}
