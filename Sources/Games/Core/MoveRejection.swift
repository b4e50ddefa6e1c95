/// Why a move was refused. A refused move leaves the game exactly as it was.
///
/// `code` is the stable wire name the Protocol layer sends as the error code; `message` is a short
/// text for people that never echoes the move's bytes.
public enum MoveRejection: Error, Hashable, Sendable, CustomStringConvertible {
    /// The sender holds no seat in this game.
    case notAPlayer
    /// It is another seat's turn.
    case notYourTurn
    /// The game has ended.
    case gameOver
    /// The move arrived after the mover's clock ran out; the next `advance` reports the loss.
    case tooLate
    /// The sender's piece is out of play (a crashed cycle), though the game goes on.
    case eliminated
    /// The move's value is not a move of this game (wrong type or unknown name).
    case malformedMove(String)
    /// A well-formed move the rules forbid now (a full column, a reversal, ...).
    case illegalMove(String)
    /// The sender has already queued as many moves as the game buffers (Cycles: two turns).
    case tooManyPendingMoves

    /// The stable wire name, e.g. `"not_your_turn"`.
    public var code: String {
        switch self {
        case .notAPlayer: "not_a_player"
        case .notYourTurn: "not_your_turn"
        case .gameOver: "game_over"
        case .tooLate: "too_late"
        case .eliminated: "eliminated"
        case .malformedMove: "malformed_move"
        case .illegalMove: "illegal_move"
        case .tooManyPendingMoves: "too_many_pending_moves"
        }
    }

    /// A short explanation for people.
    public var message: String {
        switch self {
        case .notAPlayer: "you do not hold a seat in this game"
        case .notYourTurn: "wait for your turn"
        case .gameOver: "the game has ended"
        case .tooLate: "your clock ran out before the move arrived"
        case .eliminated: "you are out of this game"
        case .malformedMove(let detail): "not a move of this game: \(detail)"
        case .illegalMove(let detail): detail
        case .tooManyPendingMoves: "too many moves queued; wait for the next tick"
        }
    }

    public var description: String { "\(code): \(message)" }
}

/// Why a game could not be created or restored; `code` is its stable wire name.
public enum GameSetupError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No registered game has this kind name.
    case unknownKind(String)
    /// The kind does not take this many seats.
    case seatCountOutOfRange(requested: Int, allowed: ClosedRange<Int>)
    /// The options value does not fit the kind's options.
    case invalidOptions(GameValueError)
    /// A saved state could not be read back.
    case invalidState(GameValueError)

    /// The stable wire name, e.g. `"unknown_kind"`.
    public var code: String {
        switch self {
        case .unknownKind: "unknown_kind"
        case .seatCountOutOfRange: "bad_seat_count"
        case .invalidOptions: "invalid_options"
        case .invalidState: "invalid_state"
        }
    }

    public var description: String {
        switch self {
        case .unknownKind(let name): "unknown game kind \"\(name)\""
        case .seatCountOutOfRange(let requested, let allowed):
            "\(requested) seats; this game takes \(allowed.lowerBound) to \(allowed.upperBound)"
        case .invalidOptions(let error): "invalid options: \(error)"
        case .invalidState(let error): "invalid saved state: \(error)"
        }
    }
}
