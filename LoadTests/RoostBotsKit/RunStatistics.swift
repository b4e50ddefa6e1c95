import Histogram
import Protocol

/// What a group of bots counted: one value per event loop, mutated only on that loop (no locks on
/// the hot path), copied to the main thread once a second and merged there with `add(_:)`.
public struct RunStatistics: Sendable {
    /// Sessions opened afresh (first connection, refused resume, fresh login).
    public var sessionsStarted = 0
    /// Sessions resumed after a drop (`welcome.resume.ok`).
    public var resumes = 0
    /// Resumes refused, by `welcome.resume.reason`.
    public var resumesRefused: [String: Int] = [:]
    /// `login.ok`s received.
    public var logins = 0
    /// WebSocket connects that failed before opening.
    public var connectFailures = 0
    /// Connections that ended, by close code (`"1006"` for a drop without a close frame).
    public var closes: [String: Int] = [:]
    /// Connections the bots dropped on purpose (reconnect storm, move reply timeout).
    public var dropsInjected = 0
    /// Moves whose reply did not come within the reply timeout (the bot then dropped the connection).
    public var moveReplyTimeouts = 0

    /// Games seen starting, by kind.
    public var gamesStarted: [String: Int] = [:]
    /// Games seen finishing, by kind, then by `result:reason` (`win:four_in_a_row`, `aborted:aborted`).
    public var gamesFinished: [String: [String: Int]] = [:]
    /// Running games the bot gave up by leaving at the end of the run (a forfeit, by kind).
    public var gamesForfeitedAtEnd: [String: Int] = [:]
    /// Games that disappeared while the bot was away (a refused resume, its seat no longer held).
    public var gamesVanished = 0
    /// Games watched to their end as a spectator.
    public var gamesWatched = 0

    /// Moves sent.
    public var movesSent = 0
    /// Moves acknowledged by `ok`.
    public var movesAcknowledged = 0
    /// Acknowledged moves to a game owned by the node the bot was connected to.
    public var movesLocal = 0
    /// Acknowledged moves to a game owned by another node (forwarded over the cluster link).
    public var movesForwarded = 0
    /// Moves sent whose connection ended before any reply (their fate is unknown to the bot).
    public var movesUnanswered = 0
    /// Acknowledged Connect Four moves missing from the game's final move list (must stay 0).
    public var acknowledgedMovesLost = 0
    /// Move round trip (game.move sent to its `ok`), microseconds.
    public var moveRoundTrip = RunStatistics.makeHistogram()
    /// The same, local moves only.
    public var localRoundTrip = RunStatistics.makeHistogram()
    /// The same, forwarded moves only.
    public var forwardedRoundTrip = RunStatistics.makeHistogram()

    /// Server messages received (sequenced or not, replays included).
    public var messagesReceived = 0
    /// Of those, `lobby.event`s: every bot follows the lobby, so these grow with bots × games/s.
    public var lobbyEventsReceived = 0

    /// `error`s received, by code.
    public var errors: [String: Int] = [:]
    /// Errors that are not races a correct bot can hit (`ErrorClassification`).
    public var protocolErrors = 0
    /// Server texts the client could not read.
    public var undecodable = 0
    /// `seq` gaps seen (messages lost on the way; must stay 0).
    public var sequenceGaps = 0

    /// Microsecond latencies.
    public typealias LatencyHistogram = Histogram<UInt64>

    /// Empty statistics.
    public init() {}

    /// A histogram of microseconds up to 5 minutes, 3 significant digits.
    public static func makeHistogram() -> Histogram<UInt64> {
        Histogram<UInt64>(highestTrackableValue: 300_000_000, numberOfSignificantValueDigits: .three)
    }

    /// Counts an `error` from the server.
    public mutating func record(error code: ErrorCode) {
        errors[code.rawValue, default: 0] += 1
        if !ErrorClassification.isRace(code) { protocolErrors += 1 }
    }

    /// Counts an acknowledged move and its round trip.
    public mutating func recordAcknowledgedMove(roundTripMicroseconds: UInt64, forwarded: Bool) {
        movesAcknowledged += 1
        let value = min(max(roundTripMicroseconds, 1), 300_000_000)
        _ = moveRoundTrip.record(value)
        if forwarded {
            movesForwarded += 1
            _ = forwardedRoundTrip.record(value)
        } else {
            movesLocal += 1
            _ = localRoundTrip.record(value)
        }
    }

    /// Counts a finished game.
    public mutating func recordFinished(kind: String, result: String, reason: String) {
        gamesFinished[kind, default: [:]]["\(result):\(reason)", default: 0] += 1
    }

    /// Counts a connection's end.
    public mutating func recordClose(code: UInt16?) {
        closes[code.map(String.init) ?? "1006", default: 0] += 1
    }

    /// Games finished, all kinds and outcomes.
    public var totalGamesFinished: Int { gamesFinished.values.reduce(0) { $0 + $1.values.reduce(0, +) } }

    /// Adds another loop's counts to these.
    public mutating func add(_ other: RunStatistics) {
        sessionsStarted += other.sessionsStarted
        resumes += other.resumes
        resumesRefused.merge(other.resumesRefused, uniquingKeysWith: +)
        logins += other.logins
        connectFailures += other.connectFailures
        closes.merge(other.closes, uniquingKeysWith: +)
        dropsInjected += other.dropsInjected
        moveReplyTimeouts += other.moveReplyTimeouts
        gamesStarted.merge(other.gamesStarted, uniquingKeysWith: +)
        for (kind, outcomes) in other.gamesFinished { gamesFinished[kind, default: [:]].merge(outcomes, uniquingKeysWith: +) }
        gamesForfeitedAtEnd.merge(other.gamesForfeitedAtEnd, uniquingKeysWith: +)
        gamesVanished += other.gamesVanished
        gamesWatched += other.gamesWatched
        movesSent += other.movesSent
        movesAcknowledged += other.movesAcknowledged
        movesLocal += other.movesLocal
        movesForwarded += other.movesForwarded
        movesUnanswered += other.movesUnanswered
        acknowledgedMovesLost += other.acknowledgedMovesLost
        moveRoundTrip.add(other.moveRoundTrip)
        localRoundTrip.add(other.localRoundTrip)
        forwardedRoundTrip.add(other.forwardedRoundTrip)
        messagesReceived += other.messagesReceived
        lobbyEventsReceived += other.lobbyEventsReceived
        errors.merge(other.errors, uniquingKeysWith: +)
        protocolErrors += other.protocolErrors
        undecodable += other.undecodable
        sequenceGaps += other.sequenceGaps
    }
}
