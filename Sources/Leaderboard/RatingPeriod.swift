/// A rating period's identity: the scheduled slot (UTC, seconds since the epoch) whose games it rates.
public struct RatingPeriod: Hashable, Sendable, Comparable {
    /// The slot's start, in seconds since the Unix epoch (UTC).
    public let slotStart: Int64

    public init(slotStart: Int64) { self.slotStart = slotStart }

    public static func < (a: RatingPeriod, b: RatingPeriod) -> Bool { a.slotStart < b.slotStart }
}
