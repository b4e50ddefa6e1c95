/// Which life of a node a piece of membership news is about, and how fresh it is within that life.
///
/// SWIM's incarnation number is split in two. `generation` names one run of the membership for a node
/// (a process start, or a restart after the node learned it was declared dead); `refutations` is SWIM's
/// incarnation number within that run, bumped only by the node itself to refute a suspicion. Ordering is
/// lexicographic. A higher generation means the previous run is over: the others drop everything they
/// held about it (`MemberEvent.dead` for the old run, then `joined` for the new one). Dead and left are
/// final within a generation, so nothing about that run can resurrect it.
public struct Incarnation: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The run of the membership this news is about; higher is newer.
    public var generation: UInt64
    /// SWIM's incarnation number within the run: how many times the node refuted a suspicion.
    public var refutations: UInt64

    public init(generation: UInt64, refutations: UInt64 = 0) {
        self.generation = generation
        self.refutations = refutations
    }

    public static func < (a: Incarnation, b: Incarnation) -> Bool {
        (a.generation, a.refutations) < (b.generation, b.refutations)
    }

    public var description: String { "\(generation).\(refutations)" }
}
