import Glibc
import RoostBotsKit

/// The live progress: one status line rewritten about once a second when stdout is a terminal,
/// a plain line every 5 s otherwise (CI logs stay readable).
final class ProgressPrinter {
    private let total: Int
    private let isTerminal = isatty(STDOUT_FILENO) == 1
    private var lastPlainLine = -5.0
    private var lastMoves = 0
    private var lastElapsed = 0.0

    init(total: Int) { self.total = total }

    func show(phase: String, elapsed: Double, snapshot: BotLoop.Snapshot) {
        let s = snapshot.statistics
        let interval = elapsed - lastElapsed
        let rate = interval > 0 ? Double(s.movesAcknowledged - lastMoves) / interval : 0
        let p99 = s.moveRoundTrip.totalCount > 0 ? Double(s.moveRoundTrip.valueAtPercentile(99)) / 1000 : 0
        let line = "[\(phase) \(Int(elapsed))s] connected \(snapshot.openConnections)/\(total), games started \(s.gamesStarted.values.reduce(0, +)), finished \(s.totalGamesFinished), playing \(snapshot.unfinishedGames), moves \(s.movesAcknowledged) (\(Int(rate))/s), p99 \(Int(p99)) ms, resumes \(s.resumes), errors \(s.errors.values.reduce(0, +)) (protocol \(s.protocolErrors))"
        if isTerminal {
            print("\r\u{1B}[2K" + line, terminator: "")
            fflush(nil)  // nil: every stream; `stdout` is not concurrency-safe to name in Swift 6
        } else if elapsed - lastPlainLine >= 5 {
            lastPlainLine = elapsed
            print(line)
            fflush(nil)  // nil: every stream; `stdout` is not concurrency-safe to name in Swift 6
        }
        lastMoves = s.movesAcknowledged
        lastElapsed = elapsed
    }

    func finish() {
        if isTerminal { print("") }
    }
}
