import Foundation
import ResultStore

// Temporary store files and sample results shared by the store tests.

/// A fresh directory under the system temp dir, removed when `body` returns.
@discardableResult
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("roost-results-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    return try body(directory)
}

/// A two-player Connect Four win for seat `winner`, ending at `endedAt` ms.
func sampleResult(
    _ gameID: String, endedAt: Int64 = 1_700_000_060_000, winner: Int = 0, outcome: Outcome = .win
) -> NewGameResult {
    NewGameResult(
        gameID: gameID, kind: "connect-four",
        players: [
            ResultPlayer(seat: 0, playerID: "p-ada", nickname: "Ada"),
            ResultPlayer(seat: 1, playerID: "p-bob", nickname: "Bob"),
        ],
        outcome: outcome, winners: outcome == .win ? [winner] : [], moves: 23,
        startedAtMilliseconds: endedAt - 60_000, endedAtMilliseconds: endedAt)
}

/// Results numbered as if committed by a store named `origin`.
func replicated(origin: String, _ sequences: ClosedRange<Int64>, gamePrefix: String = "g") -> [GameResult] {
    sequences.map { GameResult(sampleResult("\(gamePrefix)\($0)"), originNode: origin, originSeq: $0) }
}
