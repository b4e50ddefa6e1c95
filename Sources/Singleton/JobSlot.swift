/// One scheduled run of a job: the job's name and the slot time (UTC seconds since the epoch).
/// A job's effect for a slot is committed under this key, exactly once.
public struct JobSlot: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let job: String
    public let slot: Int64

    public init(job: String, slot: Int64) {
        self.job = job
        self.slot = slot
    }

    public static func < (a: JobSlot, b: JobSlot) -> Bool { (a.job, a.slot) < (b.job, b.slot) }

    public var description: String { "\(job)@\(slot)" }
}
