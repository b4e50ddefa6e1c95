import Foundation
import GRDB

/// The SQLite schema, its migrations, and the mapping between rows and `GameResult`.
///
/// Tables:
/// - `results`: one row per game, keyed by (origin_node, origin_seq); unique
///   game_id; indexed by ended_at for the nightly rating job.
/// - `set_aside_results`: results received from peers that could not go into
///   `results`: a second result for a game that already has one, or a result
///   that breaks the rules. Kept with the reason so every (origin, seq) is held
///   somewhere and the origin's sequence has no permanent hole (see
///   `ResultStore.highestSequence(origin:)`).
/// - `origin_progress`: per origin, the highest n such that 1...n are all held.
/// - `store_identity`: this file's random id, made once at creation; it makes
///   the store's origin name unique even when a node restarts with an empty
///   file under the same name.
enum ResultSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE store_identity (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    store_id TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE results (
                    origin_node TEXT NOT NULL,
                    origin_seq INTEGER NOT NULL CHECK (origin_seq >= 1),
                    game_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    players TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    winners TEXT NOT NULL,
                    moves INTEGER NOT NULL,
                    started_at INTEGER NOT NULL,
                    ended_at INTEGER NOT NULL,
                    PRIMARY KEY (origin_node, origin_seq)
                );
                CREATE UNIQUE INDEX results_by_game ON results(game_id);
                CREATE INDEX results_by_end ON results(ended_at);
                CREATE TABLE set_aside_results (
                    origin_node TEXT NOT NULL,
                    origin_seq INTEGER NOT NULL CHECK (origin_seq >= 1),
                    game_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    players TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    winners TEXT NOT NULL,
                    moves INTEGER NOT NULL,
                    started_at INTEGER NOT NULL,
                    ended_at INTEGER NOT NULL,
                    reason TEXT NOT NULL,
                    PRIMARY KEY (origin_node, origin_seq)
                );
                CREATE TABLE origin_progress (
                    origin_node TEXT PRIMARY KEY NOT NULL,
                    contiguous_seq INTEGER NOT NULL
                );
                """)
            let storeID = String(UInt64.random(in: 1 << 44..<1 << 48), radix: 16)
            let createdAt = Int64(Date().timeIntervalSince1970 * 1000)
            try db.execute(
                sql: "INSERT INTO store_identity (id, store_id, created_at) VALUES (1, ?, ?)",
                arguments: [storeID, createdAt])
        }
        return migrator
    }

    /// The columns `decode` reads, in the order `insert` writes them.
    static let columns =
        "origin_node, origin_seq, game_id, kind, players, outcome, winners, moves, started_at, ended_at"

    /// Where a row goes.
    enum Table: String {
        case results
        case setAside = "set_aside_results"
    }

    static func insert(_ result: GameResult, into table: Table, reason: String? = nil, _ db: Database) throws {
        var arguments: StatementArguments = [
            result.originNode, result.originSeq, result.gameID, result.kind, try encodePlayers(result.players),
            result.outcome.rawValue, try encodeWinners(result.winners), result.moves, result.startedAtMilliseconds,
            result.endedAtMilliseconds,
        ]
        switch table {
        case .results:
            try db.execute(
                sql: "INSERT INTO results (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", arguments: arguments)
        case .setAside:
            arguments += [reason ?? ""]
            try db.execute(
                sql: "INSERT INTO set_aside_results (\(columns), reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: arguments)
        }
    }

    /// A `results` or `set_aside_results` row selected with `columns`.
    static func decode(_ row: Row, path: String) throws -> GameResult {
        let originNode: String = try row.decode(forColumn: "origin_node")
        let originSeq: Int64 = try row.decode(forColumn: "origin_seq")
        func unreadable(_ reason: String) -> ResultStoreError {
            .unreadableRow(path: path, originNode: originNode, originSeq: originSeq, reason: reason)
        }
        let outcomeText: String = try row.decode(forColumn: "outcome")
        guard let outcome = Outcome(rawValue: outcomeText) else {
            throw unreadable("unknown outcome \(outcomeText)")
        }
        let players: [ResultPlayer]
        let winners: [Int]
        let playersJSON: String = try row.decode(forColumn: "players")
        let winnersJSON: String = try row.decode(forColumn: "winners")
        do {
            players = try JSONDecoder().decode([StoredPlayer].self, from: Data(playersJSON.utf8)).map(\.player)
            winners = try JSONDecoder().decode([Int].self, from: Data(winnersJSON.utf8))
        } catch {
            throw unreadable("players or winners are not the expected JSON")
        }
        let new = NewGameResult(
            gameID: try row.decode(forColumn: "game_id"), kind: try row.decode(forColumn: "kind"), players: players,
            outcome: outcome, winners: winners, moves: try row.decode(forColumn: "moves"),
            startedAtMilliseconds: try row.decode(forColumn: "started_at"),
            endedAtMilliseconds: try row.decode(forColumn: "ended_at"))
        return GameResult(new, originNode: originNode, originSeq: originSeq)
    }

    /// Players as stored: a JSON array in seat order, snake_case keys.
    private struct StoredPlayer: Codable {
        let seat: Int
        let player_id: String
        let nickname: String

        var player: ResultPlayer { ResultPlayer(seat: seat, playerID: player_id, nickname: nickname) }
    }

    private static func encodePlayers(_ players: [ResultPlayer]) throws -> String {
        let stored = players.map {
            StoredPlayer(seat: $0.seat, player_id: $0.playerID, nickname: $0.nickname)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(stored), as: UTF8.self)
    }

    private static func encodeWinners(_ winners: [Int]) throws -> String {
        String(decoding: try JSONEncoder().encode(winners), as: UTF8.self)
    }
}
