@testable import Singleton

/// Unix seconds of a UTC time written `2024-02-29 03:00` (or `2024-02-29 03:00:15`).
func utc(_ text: String) -> Int64 {
    let parts = text.split(whereSeparator: { "- :".contains($0) }).map { Int64($0)! }
    precondition(parts.count == 5 || parts.count == 6, "bad time \(text)")
    let date = CivilDate(year: parts[0], month: Int(parts[1]), day: Int(parts[2]))
    return CivilMinute(date: date, hour: Int(parts[3]), minute: Int(parts[4])).unixSeconds + (parts.count == 6 ? parts[5] : 0)
}

/// `2024-02-29 03:00` for Unix seconds (seconds dropped).
func utcText(_ unixSeconds: Int64) -> String {
    let minute = CivilMinute(unixSeconds: unixSeconds)
    let pad = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
    return "\(minute.date) \(pad(minute.hour)):\(pad(minute.minute))"
}

/// A schedule the test knows is valid.
func cron(_ expression: String) -> CronSchedule {
    do { return try CronSchedule(parsing: expression) } catch { fatalError("\(expression): \(error)") }
}
