import Client
import Protocol

/// A game this terminal is in (playing or watching), as drawn on its screen.
struct GameSession {
    /// The board of the game's kind.
    enum Board {
        case connectFour(ConnectFourPosition)
        /// `nil` until the round starts (a waiting game has no snapshot).
        case cycles(CyclesArena?)
        /// A kind this client cannot draw.
        case other
    }

    let id: String
    var kind: String
    /// This terminal's seat; `nil` when watching.
    var seat: Int?
    var seats: Int
    var state: GameState
    var players: [SeatedPlayer]
    /// The last presence news of each seat (`away`, `back`, ...).
    var presence: [Int: ServerMessage.PresenceStatus] = [:]
    var invite: String?
    var board: Board
    var finished: GameResultSummary?
    /// Connect Four: the column the cursor is over.
    var cursorColumn = 3
    /// When the move clock was last reported (ms, monotonic), to count it down locally.
    var turnReportedAt: Int64 = 0
    /// When the round started (ms, monotonic), to count the Cycles countdown down locally.
    var startedAt: Int64?
    /// Cycles: the last heading asked for, so repeated keys are not sent again.
    var requestedHeading: CyclesArena.Heading?

    /// A session from `game.joined`, received at `now`.
    init(_ joined: ServerMessage.GameJoined, now: Int64) {
        id = joined.game
        kind = joined.kind
        seat = joined.seat
        seats = joined.seats
        state = joined.state
        players = joined.players
        invite = joined.invite
        board = Self.board(kind: joined.kind, snapshot: joined.snapshot)
        turnReportedAt = now
        if joined.state == .playing { startedAt = now }
    }

    /// The board for `snapshot` of a game of `kind` (an empty one while waiting).
    static func board(kind: String, snapshot: JSONValue) -> Board {
        switch kind {
        case "connect4": .connectFour(snapshot.isNull ? ConnectFourPosition() : ConnectFourPosition(snapshot: snapshot) ?? ConnectFourPosition())
        case "cycles": .cycles(snapshot.isNull ? nil : CyclesArena(snapshot: snapshot))
        default: .other
        }
    }

    /// The name of whoever sits in `seat`.
    func name(ofSeat seat: Int) -> String {
        players.first { $0.seat == seat }?.player.name ?? "seat \(seat + 1)"
    }

    /// Whether this terminal holds a seat and the game runs.
    var isPlaying: Bool { seat != nil && state == .playing && finished == nil }

    /// The kind as people call it.
    var kindName: String { Self.kindName(kind) }

    /// `"Connect Four"` for `connect4`, `"Cycles"` for `cycles`.
    static func kindName(_ kind: String) -> String {
        switch kind {
        case "connect4": "Connect Four"
        case "cycles": "Cycles"
        default: kind
        }
    }

    /// One line saying how the game ended, the same for everyone: "Game over: Ada wins (four in a row)".
    var resultLine: String? {
        guard let finished else { return nil }
        switch finished.result {
        case .win: return "Game over: \(name(ofSeat: finished.winner ?? 0)) wins (\(finished.reasonText))"
        case .draw: return "Game over: draw (\(finished.reasonText))"
        case .aborted: return "Game over: aborted"
        }
    }

    /// Whether this terminal's seat won, lost or neither.
    var verdictForMe: String? {
        guard let finished, let seat else { return nil }
        switch finished.result {
        case .win: return finished.winner == seat ? "You win!" : "You lose."
        case .draw: return "Nobody wins."
        case .aborted: return nil
        }
    }
}
