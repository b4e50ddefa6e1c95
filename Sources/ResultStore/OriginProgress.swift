import GRDB

/// The `origin_progress` table: per origin, the highest n such that results
/// 1...n are all held here (in `results` or `set_aside_results`).
///
/// Kept as a watermark rather than computed as MAX(origin_seq) because
/// replicated results may arrive out of order or with holes (pub/sub is at
/// most once): a puller asks for "after n" with this n and so refetches a hole
/// instead of skipping it.
enum OriginProgress {
    static func contiguous(_ db: Database, origin: String) throws -> Int64 {
        try Int64.fetchOne(
            db, sql: "SELECT contiguous_seq FROM origin_progress WHERE origin_node = ?", arguments: [origin]) ?? 0
    }

    /// Moves the watermark of `origin` past every sequence number now held.
    static func advance(_ db: Database, origin: String) throws {
        let start = try contiguous(db, origin: origin)
        var sequence = start
        while try isHeld(db, origin: origin, sequence: sequence + 1) { sequence += 1 }
        guard sequence != start else { return }
        try db.execute(
            sql: """
                INSERT INTO origin_progress (origin_node, contiguous_seq) VALUES (?, ?)
                ON CONFLICT (origin_node) DO UPDATE SET contiguous_seq = excluded.contiguous_seq
                """,
            arguments: [origin, sequence])
    }

    static func isHeld(_ db: Database, origin: String, sequence: Int64) throws -> Bool {
        try Bool.fetchOne(
            db,
            sql: """
                SELECT EXISTS (SELECT 1 FROM results WHERE origin_node = ?1 AND origin_seq = ?2)
                    OR EXISTS (SELECT 1 FROM set_aside_results WHERE origin_node = ?1 AND origin_seq = ?2)
                """,
            arguments: [origin, sequence]) ?? false
    }

    static func all(_ db: Database) throws -> [String: Int64] {
        var watermarks: [String: Int64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT origin_node, contiguous_seq FROM origin_progress") {
            watermarks[try row.decode(forColumn: "origin_node")] = try row.decode(forColumn: "contiguous_seq")
        }
        return watermarks
    }
}
