import GRDB

/// Replication support: results move between nodes in per-origin sequence
/// order. A node pulls "origin X after n" from a peer, where n is its own
/// `highestSequence(origin: X)`, and inserts what comes back.
extension ResultStore {
    /// Most results one `results(origin:after:limit:)` call returns.
    public static let maxPageSize = 10_000

    /// The highest n such that results 1...n of `origin` are all held here
    /// (0 when none are). For this store's own origin, the last number it
    /// assigned. Results past a hole do not count until the hole is filled.
    public func highestSequence(origin: String) throws(ResultStoreError) -> Int64 {
        try perform("read progress of \(origin)") {
            try pool.read { try OriginProgress.contiguous($0, origin: origin) }
        }
    }

    /// `highestSequence` of every origin with results here: the digest an
    /// anti-entropy round compares with a peer's.
    public func sequenceWatermarks() throws(ResultStoreError) -> [String: Int64] {
        try perform("read progress of all origins") { try pool.read { try OriginProgress.all($0) } }
    }

    /// Stores results received from peers in one durable transaction and
    /// returns how many were new. Call it from the writer thread.
    ///
    /// A result whose (origin, seq) is already held is skipped. A result for a
    /// game that already has one under another (origin, seq), or one that
    /// breaks the rules, is kept in `set_aside_results` with the reason: it is
    /// not a game result here, but its sequence number counts as held so the
    /// origin's watermark can move on. Only results with no origin or a
    /// sequence number below 1 are refused (`invalidResult`), with nothing stored.
    public func insertReplicated(_ results: [GameResult]) throws(ResultStoreError) -> Int {
        if let bad = results.first(where: { $0.originNode.isEmpty || $0.originSeq < 1 }) {
            throw .invalidResult(gameID: bad.gameID, reason: "replicated result without origin or sequence number")
        }
        guard !results.isEmpty else { return 0 }
        let path = path
        return try perform("insert \(results.count) replicated results") {
            try pool.write { db in
                var inserted = 0
                var origins = Set<String>()
                for result in results {
                    guard try !OriginProgress.isHeld(db, origin: result.originNode, sequence: result.originSeq)
                    else { continue }
                    origins.insert(result.originNode)
                    if let problem = result.unnumbered.problem {
                        try ResultSchema.insert(result, into: .setAside, reason: "invalid: \(problem)", db)
                    } else if let existing = try Self.fetchResult(db, gameID: result.gameID, path: path) {
                        let reason = "game already has result \(existing.originNode)#\(existing.originSeq)"
                        try ResultSchema.insert(result, into: .setAside, reason: reason, db)
                    } else {
                        try ResultSchema.insert(result, into: .results, db)
                        inserted += 1
                    }
                }
                for origin in origins { try OriginProgress.advance(db, origin: origin) }
                return inserted
            }
        }
    }

    /// Up to `limit` results of `origin` numbered above `sequence`, in order,
    /// for a peer that is catching up. Includes results set aside here, so the
    /// peer's sequence has no holes either; may itself have holes where this
    /// store has not received a result yet.
    public func results(origin: String, after sequence: Int64, limit: Int) throws(ResultStoreError) -> [GameResult] {
        precondition((1...Self.maxPageSize).contains(limit), "limit must be 1...\(Self.maxPageSize)")
        let path = path
        return try perform("read results of \(origin) after \(sequence)") {
            try pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(ResultSchema.columns) FROM results WHERE origin_node = ?1 AND origin_seq > ?2
                        UNION ALL
                        SELECT \(ResultSchema.columns) FROM set_aside_results WHERE origin_node = ?1 AND origin_seq > ?2
                        ORDER BY origin_seq LIMIT ?3
                        """,
                    arguments: [origin, sequence, limit]
                ).map { try ResultSchema.decode($0, path: path) }
            }
        }
    }
}
