import Foundation
import GRDB

/// The nightly job's publications on one node: each run's encoded leaderboard snapshots, keyed by
/// (job, slot, fencing token), and which run of each slot is committed. One SQLite file (WAL) next
/// to the results, `leaderboards.sqlite`; the bytes are opaque here (the `Leaderboard` encodings).
///
/// A node keeps every run it was sent (a run whose lease was lost is never committed and costs only
/// disk), so that when the singleton commits a slot to some run's output, the node that holds it
/// can make it current or hand it to a peer that missed it. Call it from one worker thread; reads
/// may run on any thread (WAL readers never block the writer).
public final class LeaderboardStore: Sendable {
    /// The database file.
    public let path: String
    private let pool: DatabasePool

    public init(path: String, durability: ResultStore.Durability = .full) throws(ResultStoreError) {
        self.path = path
        var configuration = Configuration()
        configuration.label = "roost.leaderboards"
        configuration.busyMode = .timeout(5)
        configuration.maximumReaderCount = 2
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            let synchronous = durability == .full ? "FULL" : "NORMAL"
            try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = \(synchronous)") }
            let migrator = Self.migrator
            if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
                throw ResultStoreError.database(
                    operation: "open", path: path,
                    message: "the file was written by a newer version of Roost; upgrade this node")
            }
            try migrator.migrate(pool)
            self.pool = pool
        } catch let error as ResultStoreError {
            throw error
        } catch {
            throw .database(operation: "open", path: path, message: String(describing: error))
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE publication_runs (
                    job TEXT NOT NULL,
                    slot INTEGER NOT NULL,
                    token INTEGER NOT NULL,
                    digest BLOB NOT NULL,
                    committed INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (job, slot, token)
                );
                CREATE INDEX committed_runs ON publication_runs(job, committed, slot);
                CREATE TABLE publication_snapshots (
                    job TEXT NOT NULL,
                    slot INTEGER NOT NULL,
                    token INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    bytes BLOB NOT NULL,
                    PRIMARY KEY (job, slot, token, kind)
                );
                """)
        }
        return migrator
    }

    /// Stores a run's output; storing the same (job, slot, token) again keeps the first.
    public func store(_ publication: StoredPublication) throws(ResultStoreError) {
        try perform("store publication \(publication.job)@\(publication.slot) #\(publication.token)") {
            try pool.write { db in
                try db.execute(
                    sql: "INSERT OR IGNORE INTO publication_runs (job, slot, token, digest) VALUES (?, ?, ?, ?)",
                    arguments: [publication.job, publication.slot, Int64(bitPattern: publication.token), Data(publication.digest)])
                guard db.changesCount == 1 else { return }
                for snapshot in publication.snapshots {
                    try db.execute(
                        sql: "INSERT INTO publication_snapshots (job, slot, token, kind, bytes) VALUES (?, ?, ?, ?, ?)",
                        arguments: [publication.job, publication.slot, Int64(bitPattern: publication.token), snapshot.kind, Data(snapshot.bytes)])
                }
            }
        }
    }

    /// The run's output, if held here.
    public func publication(job: String, slot: Int64, token: UInt64) throws(ResultStoreError) -> StoredPublication? {
        try perform("read publication \(job)@\(slot) #\(token)") {
            try pool.read { db in
                guard let run = try Row.fetchOne(
                    db, sql: "SELECT digest, committed FROM publication_runs WHERE job = ? AND slot = ? AND token = ?",
                    arguments: [job, slot, Int64(bitPattern: token)])
                else { return nil }
                return try Self.publication(db, job: job, slot: slot, token: token, run: run)
            }
        }
    }

    /// Marks the run as its slot's committed output.
    public func markCommitted(job: String, slot: Int64, token: UInt64) throws(ResultStoreError) {
        try perform("commit publication \(job)@\(slot) #\(token)") {
            try pool.write { db in
                try db.execute(
                    sql: "UPDATE publication_runs SET committed = 1 WHERE job = ? AND slot = ? AND token = ?",
                    arguments: [job, slot, Int64(bitPattern: token)])
            }
        }
    }

    /// The newest `limit` committed runs of `job`, oldest first: what a restarting node serves.
    public func committedPublications(job: String, limit: Int) throws(ResultStoreError) -> [StoredPublication] {
        try perform("read committed publications of \(job)") {
            try pool.read { db in
                let runs = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT slot, token, digest, committed FROM publication_runs WHERE job = ? AND committed = 1
                        ORDER BY slot DESC LIMIT ?
                        """,
                    arguments: [job, limit])
                return try runs.reversed().map { run in
                    try Self.publication(
                        db, job: job, slot: run["slot"], token: UInt64(bitPattern: run["token"] as Int64), run: run)
                }
            }
        }
    }

    private static func publication(_ db: Database, job: String, slot: Int64, token: UInt64, run: Row) throws -> StoredPublication {
        let snapshots = try Row.fetchAll(
            db, sql: "SELECT kind, bytes FROM publication_snapshots WHERE job = ? AND slot = ? AND token = ? ORDER BY kind",
            arguments: [job, slot, Int64(bitPattern: token)]
        ).map { StoredPublication.Snapshot(kind: $0["kind"], bytes: [UInt8]($0["bytes"] as Data)) }
        return StoredPublication(
            job: job, slot: slot, token: token, digest: [UInt8](run["digest"] as Data), snapshots: snapshots,
            committed: run["committed"])
    }

    private func perform<T>(_ operation: String, _ body: () throws -> T) throws(ResultStoreError) -> T {
        do {
            return try body()
        } catch let error as ResultStoreError {
            throw error
        } catch {
            throw .database(operation: operation, path: path, message: String(describing: error))
        }
    }
}

/// One run's output as `LeaderboardStore` keeps it.
public struct StoredPublication: Sendable, Equatable {
    /// One game kind's encoded snapshot.
    public struct Snapshot: Sendable, Equatable {
        public var kind: String
        public var bytes: [UInt8]

        public init(kind: String, bytes: [UInt8]) {
            self.kind = kind
            self.bytes = bytes
        }
    }

    public var job: String
    /// The slot, in Unix seconds.
    public var slot: Int64
    /// The run's fencing token.
    public var token: UInt64
    /// What the run reported to the singleton (SHA-256 of the snapshots' bytes in kind order).
    public var digest: [UInt8]
    /// Sorted by kind.
    public var snapshots: [Snapshot]
    /// Whether the slot is committed to this run.
    public var committed: Bool

    public init(job: String, slot: Int64, token: UInt64, digest: [UInt8], snapshots: [Snapshot], committed: Bool = false) {
        self.job = job
        self.slot = slot
        self.token = token
        self.digest = digest
        self.snapshots = snapshots.sorted { $0.kind < $1.kind }
        self.committed = committed
    }
}
