/// The slots a new leader runs, in order: every slot after the latest settled one up to now, at most
/// `limit` of them (the latest). Earlier missed slots are skipped, and reported so the shell logs them.
///
/// Why every missed slot and not only the latest: the product promises that a slot missed while no
/// majority existed runs when one returns, and for the nightly ratings each slot is one rating period,
/// so running only the latest would fold several days of games into one period. Why a bound: after a
/// long outage, a week of catch-up is useful and a year of it is not; the bound keeps a returning
/// cluster from spending hours on history (the default is 7, a week of nightly runs).
///
/// A cluster with no committed slot at all counts from when the leader's node started (the caller
/// passes that as `latestSettled`): a new cluster begins with the first slot after it came up, not
/// with the history of the schedule.
public struct CatchUpPlan: Hashable, Sendable {
    /// The slots to run, oldest first.
    public var slots: [Int64]
    /// The first and last slot skipped because of the bound, if any were.
    public var skipped: ClosedRange<Int64>?

    /// The plan for `schedule` after `latestSettled`, at `now` (both Unix seconds).
    public init(schedule: CronSchedule, after latestSettled: Int64, now: Int64, limit: Int) {
        precondition(limit >= 1, "a catch-up runs at least one slot")
        var newestFirst: [Int64] = []
        var slot = schedule.previous(atOrBefore: now)
        while slot > latestSettled && newestFirst.count < limit {
            newestFirst.append(slot)
            slot = schedule.previous(atOrBefore: slot - 1)
        }
        slots = newestFirst.reversed()
        skipped = slot > latestSettled ? schedule.next(after: latestSettled)...slot : nil
    }
}

/// A job the cluster runs once per slot of its schedule.
public struct SingletonJob: Hashable, Sendable {
    /// The job's name (`SingletonName.isValid`), the first half of its slots' keys.
    public var name: String
    public var schedule: CronSchedule

    public init(name: String, schedule: CronSchedule = .nightly) {
        precondition(SingletonName.isValid(name), "invalid job name \"\(name)\": see SingletonName.isValid")
        self.name = name
        self.schedule = schedule
    }
}
