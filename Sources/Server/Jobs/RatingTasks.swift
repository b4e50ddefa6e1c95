import Leaderboard

/// The "rate-chunk" task every clustered node serves: a `RatingChunkInput` in, its
/// `RatingChunkOutput` out (both in their `Leaderboard` encodings). Registered by `ClusterBridge`
/// at start, so a node rates chunks whether or not it runs the nightly job itself.
enum RatingTasks {
    /// The task kind of one chunk of a rating period.
    static let rateChunk = "rate-chunk"

    static func register(on tasks: TaskFanOut) {
        tasks.register(rateChunk) { payload, _, reply in
            do {
                let input = try RatingChunkInput(encoded: payload)
                reply(.success(input.rated().encoded()))
            } catch {
                // A chunk this node cannot read: the sender counts the failure and tries another node.
                reply(.failure(TaskFailure(reason: "unreadable rating chunk: \(error)")))
            }
        }
    }
}
