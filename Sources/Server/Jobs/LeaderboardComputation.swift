import Leaderboard
import ResultStore

/// One run of the nightly job without its I/O: the period's results in, chunk payloads out for
/// `TaskFanOut`, and the chunks' outputs back in as one snapshot per game kind.
///
/// Every kind with games in the period or a previous snapshot gets a snapshot (players who sat
/// the period out still have their RD widened). Chunks are cut so each encoded chunk fits
/// `maxChunkBytes` (one cluster frame) when the period allows: `chunksPerKind` is doubled until
/// they do, up to `RatingPeriodPlan.maxChunks`; a chunk still bigger travels in parts.
struct LeaderboardComputation: Sendable {
    /// The slot rated, in Unix seconds: the snapshots' period.
    let slot: Int64
    /// One plan per kind, sorted by kind.
    let plans: [RatingPeriodPlan]
    /// The chunk payloads of every plan, flattened in plan order.
    let chunkPayloads: [[UInt8]]
    /// How many of `chunkPayloads` belong to each plan.
    let chunkCounts: [Int]
    private let previous: [String: LeaderboardSnapshot]

    init(
        slot: Int64, games: [RatedGame], previous: [String: LeaderboardSnapshot], chunksPerKind: Int,
        maxChunkBytes: Int
    ) {
        self.slot = slot
        self.previous = previous
        let kinds = Set(games.map(\.kind)).union(previous.keys).sorted()
        plans = kinds.map { RatingPeriodPlan(kind: $0, previous: previous[$0]?.ratings ?? [:], games: games) }
        var payloads: [[UInt8]] = []
        var counts: [Int] = []
        for plan in plans {
            let encoded = Self.chunks(of: plan, count: chunksPerKind, maxBytes: maxChunkBytes)
            payloads += encoded
            counts.append(encoded.count)
        }
        chunkPayloads = payloads
        chunkCounts = counts
    }

    /// The results of a period as rated games, in the order the store returned them (end time).
    static func games(_ results: [GameResult]) -> [RatedGame] { results.map(\.ratedGame) }

    private static func chunks(of plan: RatingPeriodPlan, count: Int, maxBytes: Int) -> [[UInt8]] {
        var count = max(1, min(count, RatingPeriodPlan.maxChunks))
        while true {
            let encoded = plan.chunks(count: count).map { $0.encoded() }
            let fits = encoded.allSatisfy { $0.count <= maxBytes }
            if fits || count >= min(RatingPeriodPlan.maxChunks, plan.activePlayerCount) { return encoded }
            count = min(count * 2, RatingPeriodPlan.maxChunks)
        }
    }

    /// Why chunk outputs could not be turned into snapshots.
    enum Failure: Error, CustomStringConvertible {
        case unreadableOutput(index: Int, LeaderboardDecodingError)
        case merge(kind: String, RatingMergeError)
        case outputCount(expected: Int, got: Int)

        var description: String {
            switch self {
            case .unreadableOutput(let index, let error): "chunk output \(index) is unreadable: \(error)"
            case .merge(let kind, let error): "the \(kind) chunks do not merge: \(error)"
            case .outputCount(let expected, let got): "\(got) chunk outputs for \(expected) chunks"
            }
        }
    }

    /// The snapshots of the period, sorted by kind, from `outputs` (in `chunkPayloads` order).
    func snapshots(outputs: [[UInt8]]) throws(Failure) -> [LeaderboardSnapshot] {
        guard outputs.count == chunkPayloads.count else {
            throw .outputCount(expected: chunkPayloads.count, got: outputs.count)
        }
        var snapshots: [LeaderboardSnapshot] = []
        var start = 0
        for (plan, count) in zip(plans, chunkCounts) {
            var decoded: [RatingChunkOutput] = []
            for index in start..<start + count {
                do {
                    decoded.append(try RatingChunkOutput(encoded: outputs[index]))
                } catch {
                    throw .unreadableOutput(index: index, error)
                }
            }
            start += count
            let result: RatingPeriodResult
            do {
                result = try plan.merge(decoded)
            } catch {
                throw .merge(kind: plan.kind, error)
            }
            snapshots.append(
                LeaderboardSnapshot(period: RatingPeriod(slotStart: slot), result: result, previous: previous[plan.kind]))
        }
        return snapshots
    }

    /// The snapshots as stored and published, with the run's digest.
    static func publication(
        job: String, slot: Int64, token: UInt64, snapshots: [LeaderboardSnapshot]
    ) -> StoredPublication {
        let encoded = snapshots.map { StoredPublication.Snapshot(kind: $0.kind, bytes: $0.encoded()) }
        return StoredPublication(
            job: job, slot: slot, token: token, digest: StoredPublication.digest(of: encoded), snapshots: encoded)
    }
}
