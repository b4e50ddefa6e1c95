/// A chunk's new ratings, in the order of its input's players; `RatingPeriodPlan.merge` puts
/// the chunks back together.
public struct RatingChunkOutput: Sendable, Hashable {
    public let kind: String
    public let index: Int
    public let count: Int
    /// The input's digest: an output only merges into the plan that made its input.
    public let digest: UInt64
    /// New ratings, games included, in the input's player order.
    public let ratings: [Rating]

    public init(kind: String, index: Int, count: Int, digest: UInt64, ratings: [Rating]) {
        self.kind = kind
        self.index = index
        self.count = count
        self.digest = digest
        self.ratings = ratings
    }
}
