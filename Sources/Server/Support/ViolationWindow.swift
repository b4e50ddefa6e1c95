/// Counts events in a sliding window to tell an occasional mistake from persistent abuse:
/// "more than `limit` events within `windowNanoseconds`".
///
/// Keeps the timestamps of the last `limit + 1` events in a ring, so memory is bounded by the limit
/// and the check is exact (no bucket rounding).
struct ViolationWindow {
    /// How many events the window tolerates.
    let limit: Int
    /// The window's length.
    let windowNanoseconds: Int64
    private var times: [Int64] = []
    private var next = 0

    init(limit: Int, windowNanoseconds: Int64) {
        precondition(limit >= 1, "the limit must allow at least one event")
        self.limit = limit
        self.windowNanoseconds = windowNanoseconds
    }

    /// Records an event at `now`; true when it makes more than `limit` within the window.
    mutating func record(nowNanoseconds now: Int64) -> Bool {
        if times.count <= limit {
            times.append(now)
            next = times.count % (limit + 1)
            return times.count > limit && now - times[0] <= windowNanoseconds
        }
        // `next` is the oldest of the last limit + 1 events; overwrite it with the newest.
        times[next] = now
        next = (next + 1) % (limit + 1)
        return now - times[next] <= windowNanoseconds
    }
}
