// `next` and `previous`: a walk over months, then a bit search for the day, hour and minute.

extension CronSchedule {
    /// The first slot strictly after `unixSeconds` (a whole minute, in Unix seconds).
    public func next(after unixSeconds: Int64) -> Int64 {
        precondition(Self.supportedSeconds.contains(unixSeconds), "\(unixSeconds) is outside CronSchedule.supportedSeconds")
        let start = CivilMinute(unixSeconds: CivilMinute.floorDivide(unixSeconds, 60) * 60 + 60)
        var year = start.date.year
        var month = start.date.month
        // Lower bounds that apply only within the starting month (and its starting day and hour).
        var fromDay = start.date.day
        var fromHour = start.hour
        var fromMinute = start.minute
        for _ in 0..<Self.maxMonthsSearched {
            if months.contains(month) {
                let days = CronValueSet(bits: matchingDays(year: year, month: month))
                var candidate = days.next(atOrAfter: fromDay)
                while let day = candidate {
                    if day > fromDay { return slot(year, month, day, hours.first, minutes.first) }
                    if let hour = hours.next(atOrAfter: fromHour) {
                        if hour > fromHour { return slot(year, month, day, hour, minutes.first) }
                        if let minute = minutes.next(atOrAfter: fromMinute) { return slot(year, month, day, hour, minute) }
                        if let later = hours.next(atOrAfter: hour + 1) { return slot(year, month, day, later, minutes.first) }
                    }
                    candidate = days.next(atOrAfter: day + 1)
                }
            }
            month += 1
            if month > 12 { (year, month) = (year + 1, 1) }
            (fromDay, fromHour, fromMinute) = (1, 0, 0)
        }
        preconditionFailure("cron search for \(expression) after \(unixSeconds) found nothing in \(Self.maxMonthsSearched) months")
    }

    /// The last slot at or before `unixSeconds` (a whole minute, in Unix seconds).
    public func previous(atOrBefore unixSeconds: Int64) -> Int64 {
        precondition(Self.supportedSeconds.contains(unixSeconds), "\(unixSeconds) is outside CronSchedule.supportedSeconds")
        let start = CivilMinute(unixSeconds: unixSeconds)
        var year = start.date.year
        var month = start.date.month
        // Upper bounds that apply only within the starting month (and its starting day and hour).
        var toDay = start.date.day
        var toHour = start.hour
        var toMinute = start.minute
        for _ in 0..<Self.maxMonthsSearched {
            if months.contains(month) {
                let days = CronValueSet(bits: matchingDays(year: year, month: month))
                var candidate = days.previous(atOrBefore: toDay)
                while let day = candidate {
                    if day < toDay { return slot(year, month, day, hours.last, minutes.last) }
                    if let hour = hours.previous(atOrBefore: toHour) {
                        if hour < toHour { return slot(year, month, day, hour, minutes.last) }
                        if let minute = minutes.previous(atOrBefore: toMinute) { return slot(year, month, day, hour, minute) }
                        if let earlier = hours.previous(atOrBefore: hour - 1) {
                            return slot(year, month, day, earlier, minutes.last)
                        }
                    }
                    candidate = days.previous(atOrBefore: day - 1)
                }
            }
            month -= 1
            if month < 1 { (year, month) = (year - 1, 12) }
            (toDay, toHour, toMinute) = (31, 23, 59)
        }
        preconditionFailure("cron search for \(expression) before \(unixSeconds) found nothing in \(Self.maxMonthsSearched) months")
    }

    /// A valid schedule matches within 8 years and a month (Feb 29 across 2100); this bounds a search
    /// with a wide margin, so only a bug can exhaust it.
    static let maxMonthsSearched = 12 * 30

    private func slot(_ year: Int64, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int) -> Int64 {
        CivilMinute(date: CivilDate(year: year, month: month, day: day), hour: hour, minute: minute).unixSeconds
    }
}
