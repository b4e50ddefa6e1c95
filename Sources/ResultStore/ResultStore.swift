import Foundation
import GRDB

/// Finished games' results in one SQLite file per node (WAL mode), numbered
/// per origin for replication.
///
/// **Never call it from an event loop.** Every method does disk I/O, and
/// `commit` waits for an fsync (milliseconds: README, "What a result costs"). The
/// server owns one writer thread (or serial queue) that calls `commit` and
/// `insertReplicated`; a game's loop hands it the `NewGameResult`, gets the
/// `GameResult` back through its task queue, and only then tells the players
/// the game is over. Reads may run on any thread, concurrently with the
/// writer (WAL readers never block it).
///
/// **Origins.** The store's origin is `nodeName/storeID`, where `storeID` is
/// random and made when the file is created. Results committed here are
/// numbered 1, 2, 3... under that origin. A node that restarts with an empty
/// file gets a new origin, so its new results can never collide with its old
/// ones still held by peers.
///
/// **Durability.** `synchronous=FULL` by default: SQLite fsyncs the WAL at every
/// commit, so a result the players were told about survives a power cut or a
/// kernel crash, not just a crash of the process. (GRDB's pool sets NORMAL when
/// it turns WAL on; the initializer sets the level afterwards, on the writer
/// connection, where it applies.)
public final class ResultStore: Sendable {
    /// How hard a commit works to survive a machine failure.
    public enum Durability: Sendable {
        /// fsync the WAL at every commit (`synchronous=FULL`): survives power loss.
        case full
        /// fsync only at checkpoints (`synchronous=NORMAL`): survives a process
        /// crash, may lose the last commits on power loss. For dev clusters and tests.
        case normal
    }

    /// The database file.
    public let path: String
    public let nodeName: String
    /// The name results committed here carry (`nodeName/storeID`).
    public let origin: String

    let pool: DatabasePool

    /// Opens or creates the store at `path` and brings its schema up to date.
    ///
    /// Refuses a file written by a newer version of Roost (a migration it does
    /// not know), rather than guess at its schema.
    public init(path: String, nodeName: String, durability: Durability = .full) throws(ResultStoreError) {
        guard Self.isValidNodeName(nodeName) else { throw .invalidNodeName(nodeName) }
        self.path = path
        self.nodeName = nodeName
        var configuration = Configuration()
        configuration.label = "roost.results"
        configuration.busyMode = .timeout(5)
        configuration.maximumReaderCount = 2
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            let synchronous = durability == .full ? "FULL" : "NORMAL"
            try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = \(synchronous)") }
            let migrator = ResultSchema.migrator
            if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
                throw ResultStoreError.database(
                    operation: "open", path: path,
                    message: "the file was written by a newer version of Roost; upgrade this node")
            }
            try migrator.migrate(pool)
            let storeID = try pool.read { try String.fetchOne($0, sql: "SELECT store_id FROM store_identity") }
            guard let storeID else {
                throw ResultStoreError.database(operation: "open", path: path, message: "store_identity is empty")
            }
            self.pool = pool
            self.origin = nodeName + "/" + storeID
        } catch {
            throw Self.wrap(error, operation: "open", path: path)
        }
    }

    /// Numbers `result` as the next of this store's origin and commits it
    /// durably; returns it as stored. Blocks for the commit's fsync: call it
    /// from the writer thread, never from an event loop.
    ///
    /// Idempotent on the game id: committing a game that already has a result
    /// (from here or replicated from a peer) stores nothing and returns the
    /// existing result, so a retry after a timeout is safe.
    public func commit(_ result: NewGameResult) throws(ResultStoreError) -> GameResult {
        try commit([result])[0]
    }

    /// Commits several results in one transaction, so one fsync: a writer
    /// thread that finds several results queued drains them together. Returns
    /// them as stored, in the same order; all or nothing (an invalid result
    /// throws before anything is written).
    public func commit(_ results: [NewGameResult]) throws(ResultStoreError) -> [GameResult] {
        for result in results {
            if let problem = result.problem { throw .invalidResult(gameID: result.gameID, reason: problem) }
        }
        guard !results.isEmpty else { return [] }
        let origin = origin, path = path
        return try perform("commit \(results.count) results, first game \(results[0].gameID)") {
            try pool.write { db in
                var sequence = try OriginProgress.contiguous(db, origin: origin)
                var stored: [GameResult] = []
                for result in results {
                    if let existing = try Self.fetchResult(db, gameID: result.gameID, path: path) {
                        stored.append(existing)
                        continue
                    }
                    // Skips numbers already held: only possible if this origin's own results came back
                    // from a peer out of order (a file restored from a backup).
                    repeat { sequence += 1 } while try OriginProgress.isHeld(db, origin: origin, sequence: sequence)
                    let numbered = GameResult(result, originNode: origin, originSeq: sequence)
                    try ResultSchema.insert(numbered, into: .results, db)
                    stored.append(numbered)
                }
                try OriginProgress.advance(db, origin: origin)
                return stored
            }
        }
    }

    /// The result of a game, from any origin.
    public func result(gameID: String) throws(ResultStoreError) -> GameResult? {
        let path = path
        return try perform("read game \(gameID)") {
            try pool.read { try Self.fetchResult($0, gameID: gameID, path: path) }
        }
    }

    /// Results of games that ended in `start ..< end` (Unix milliseconds), from
    /// every origin, oldest first. The nightly job reads its slot this way.
    public func results(endedBetween start: Int64, and end: Int64) throws(ResultStoreError) -> [GameResult] {
        let path = path
        return try perform("read results ended in \(start)..<\(end)") {
            try pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(ResultSchema.columns) FROM results
                        WHERE ended_at >= ? AND ended_at < ?
                        ORDER BY ended_at, origin_node, origin_seq
                        """,
                    arguments: [start, end]
                ).map { try ResultSchema.decode($0, path: path) }
            }
        }
    }

    /// The value of `PRAGMA name` on the writer connection, where per-connection
    /// settings such as `synchronous` (2 = FULL, 1 = NORMAL) matter. For tests
    /// and diagnostics.
    func writerPragma(_ name: String) throws -> String? {
        try pool.writeWithoutTransaction { try String.fetchOne($0, sql: "PRAGMA \(name)") }
    }

    /// Runs SQL on the writer, so tests can stage states the API cannot make.
    func executeForTesting(_ sql: String) throws {
        try pool.write { try $0.execute(sql: sql) }
    }

    static func fetchResult(_ db: Database, gameID: String, path: String) throws -> GameResult? {
        try Row.fetchOne(db, sql: "SELECT \(ResultSchema.columns) FROM results WHERE game_id = ?", arguments: [gameID])
            .map { try ResultSchema.decode($0, path: path) }
    }

    /// Runs `body`, turning any failure into a `ResultStoreError` naming `operation` and the file.
    func perform<T>(_ operation: String, _ body: () throws -> T) throws(ResultStoreError) -> T {
        do {
            return try body()
        } catch {
            throw Self.wrap(error, operation: operation, path: path)
        }
    }

    private static func wrap(_ error: any Error, operation: String, path: String) -> ResultStoreError {
        if let error = error as? ResultStoreError { return error }
        // DatabaseError's description leaves statement arguments out (publicStatementArguments is off).
        return .database(operation: operation, path: path, message: String(describing: error))
    }

    private static func isValidNodeName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count) && !name.utf8.contains { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "/") }
    }
}
