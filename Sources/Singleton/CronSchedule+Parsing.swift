// Parsing cron expressions. Grammar, per field (case-insensitive names, fields separated by blanks):
//
//   field = item ("," item)*
//   item  = "*" ["/" step] | value ["-" value] ["/" step]      value = number | name (months, weekdays)
//
// `a/n` is `a-max/n`. Macros: @yearly @annually @monthly @weekly @daily @midnight @hourly.

extension CronSchedule {
    /// Parses a 5-field expression or an `@` macro, or says precisely what is wrong with it.
    public init(parsing expression: String) throws(CronParseError) {
        let trimmed = expression.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        var words = trimmed.split(separator: " ").map(String.init)
        if words.count == 1, let first = words.first, first.hasPrefix("@") {
            guard let expansion = Self.macros[first.lowercased()] else {
                throw CronParseError(field: nil, problem: .unknownMacro(first))
            }
            words = expansion.split(separator: " ").map(String.init)
        }
        guard words.count == 5 else { throw CronParseError(field: nil, problem: .wrongFieldCount(words.count)) }

        var sets: [CronValueSet] = []
        for (field, word) in zip(CronField.allCases, words) { sets.append(try Self.parseField(word, as: field)) }
        var daysOfWeek = sets[4]
        if daysOfWeek.contains(7) {
            daysOfWeek.bits &= ~(1 << 7)
            daysOfWeek.insert(0)
        }
        self.init(
            expression: trimmed, minutes: sets[0], hours: sets[1], daysOfMonth: sets[2], months: sets[3],
            daysOfWeek: daysOfWeek, daysOfMonthRestricted: !words[2].hasPrefix("*"),
            daysOfWeekRestricted: !words[4].hasPrefix("*"))

        // With day-of-week `*` only day-of-month decides; refuse day/month pairs that never exist. (Any
        // other combination runs: a `*` day-of-month always includes the 1st, which falls on every
        // weekday over the years, and an either-match runs on every chosen weekday.)
        if daysOfMonthRestricted && !daysOfWeekRestricted {
            let longestChosenMonth = months.values.map { CivilDate.daysIn(month: $0, year: 2000) }.max() ?? 0
            guard daysOfMonth.first <= longestChosenMonth else {
                throw CronParseError(field: .dayOfMonth, problem: .neverMatches)
            }
        }
    }

    /// Parses an expression, or returns what is wrong with it.
    public static func parse(_ expression: String) -> Result<CronSchedule, CronParseError> {
        do { return .success(try CronSchedule(parsing: expression)) } catch { return .failure(error) }
    }

    static let macros: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
        "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]

    static func parseField(_ text: String, as field: CronField) throws(CronParseError) -> CronValueSet {
        var set = CronValueSet()
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !item.isEmpty else { throw CronParseError(field: field, problem: .emptyItem) }
            let parts = item.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            let step = parts.count == 2 ? try parseStep(parts[1], field: field) : nil
            let bounds: ClosedRange<Int>
            if parts[0] == "*" {
                bounds = field.starRange
            } else {
                let ends = parts[0].split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
                let low = try parseValue(ends[0], field: field)
                if ends.count == 2 {
                    let high = try parseValue(ends[1], field: field)
                    guard low <= high else { throw CronParseError(field: field, problem: .backwardsRange(low, high)) }
                    bounds = low...high
                } else {
                    // `a/n` runs from a to the end of the field; a bare value is just itself.
                    bounds = low...(step == nil ? low : field.starRange.upperBound)
                }
            }
            for value in stride(from: bounds.lowerBound, through: bounds.upperBound, by: step ?? 1) { set.insert(value) }
        }
        return set
    }

    static func parseValue(_ text: Substring, field: CronField) throws(CronParseError) -> Int {
        if let index = field.names.firstIndex(of: text.lowercased()) { return field.range.lowerBound + index }
        guard !text.isEmpty, text.utf8.allSatisfy({ (48...57).contains($0) }) else {
            throw CronParseError(field: field, problem: .notAValue(String(text)))
        }
        // A digit string too long for Int is out of range all the same.
        let value = Int(text) ?? Int.max
        guard field.range.contains(value) else {
            throw CronParseError(field: field, problem: .outOfRange(value, field.range))
        }
        return value
    }

    static func parseStep(_ text: Substring, field: CronField) throws(CronParseError) -> Int {
        guard !text.isEmpty, text.utf8.count <= 9, text.utf8.allSatisfy({ (48...57).contains($0) }), let step = Int(text),
            step > 0
        else { throw CronParseError(field: field, problem: .invalidStep(String(text))) }
        return step
    }
}
