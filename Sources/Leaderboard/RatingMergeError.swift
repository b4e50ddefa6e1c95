/// Why chunk outputs do not make up the rating period they claim to: a node sent the wrong thing
/// or something was lost. The job re-runs the chunks concerned.
public enum RatingMergeError: Error, Sendable, Hashable, CustomStringConvertible {
    case kindMismatch(expected: String, got: String)
    /// No split of the plan has this many chunks (it has 1 to one per player who played).
    case invalidChunkCount(Int)
    /// Outputs of different splits: the first output says `expected` chunks, another `got`.
    case chunkCountMismatch(expected: Int, got: Int)
    case chunkIndexOutOfRange(index: Int, count: Int)
    case duplicateChunk(index: Int)
    case missingChunks([Int])
    /// Its digest or number of ratings differs from the plan's chunk at that index.
    case chunkDoesNotMatchPlan(index: Int)
    case implausibleRating(chunk: Int)

    public var description: String {
        switch self {
        case .kindMismatch(let expected, let got): "an output rates \(got), the plan \(expected)"
        case .invalidChunkCount(let count): "no split of this period has \(count) chunks"
        case .chunkCountMismatch(let expected, let got): "outputs of \(got) chunks where \(expected) were expected"
        case .chunkIndexOutOfRange(let index, let count): "chunk \(index) of \(count) does not exist"
        case .duplicateChunk(let index): "chunk \(index) arrived twice"
        case .missingChunks(let indexes): "chunks \(indexes) are missing"
        case .chunkDoesNotMatchPlan(let index): "chunk \(index) was computed from another plan's input"
        case .implausibleRating(let chunk): "chunk \(chunk) holds an implausible rating"
        }
    }
}
