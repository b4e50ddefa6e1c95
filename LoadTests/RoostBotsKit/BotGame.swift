import Client
import Games
import Protocol

/// One game as one bot follows it: its position (enough to pick legal moves), and a ledger of the
/// moves the server acknowledged, kept so the run can check afterwards that none was lost.
public struct BotGame: Sendable {
    /// How the bot's part in a game ended.
    public enum End: Hashable, Sendable {
        /// `game.finished` arrived: `result` (`win`, `draw`, `aborted`), `reason`, the stored result's id.
        case finished(result: String, reason: String, resultID: String?)
        /// The bot left it at the end of the run (a running game: a forfeit).
        case left
        /// It disappeared while the bot was away (a refused resume; the seat no longer held).
        case vanished
    }

    /// A move the server acknowledged with `ok`.
    public struct AcknowledgedMove: Hashable, Sendable {
        /// Connect Four: the move's index in the game's move list (0 for the first disc); Cycles: -1.
        public var index: Int
        /// The move: the column, or the heading's number (0 north ... 3 west).
        public var move: Int

        /// A move acknowledged at `index` (-1 for Cycles).
        public init(index: Int, move: Int) {
            self.index = index
            self.move = move
        }
    }

    /// The game id.
    public let id: String
    /// `connect4` or `cycles`.
    public let kind: String
    /// The bot's seat; `nil` when watching.
    public var seat: Int?
    /// The node that owns the game (from its id).
    public let ownerNode: String?
    /// Whether the bot saw it start (`game.started`, or joined while playing).
    public var started = false
    /// Connect Four: the columns played, in order.
    public var moves: [Int] = []
    /// Connect Four: whose turn it is; `nil` before the start and after the end.
    public var turn: Int?
    /// Cycles: the arena.
    public var arena: CyclesArena?
    /// The moves acknowledged to this bot.
    public var acknowledged: [AcknowledgedMove] = []
    /// How it ended for the bot, once it has.
    public var end: End?

    /// A game the bot just joined.
    public init(id: String, kind: String, seat: Int?) {
        self.id = id
        self.kind = kind
        self.seat = seat
        ownerNode = GameOwner.node(ofGame: id)
    }

    /// Whether the game is Connect Four (else Cycles).
    public var isConnectFour: Bool { kind == "connect4" }

    /// Replaces the position with `snapshot` (from `game.started` or `game.joined`); false when it
    /// is not readable.
    @discardableResult
    public mutating func load(snapshot: JSONValue) -> Bool {
        if isConnectFour {
            guard let list = snapshot["moves"]?.arrayValue else { return false }
            let columns = list.compactMap { $0.intValue.flatMap { Int(exactly: $0) } }
            guard columns.count == list.count else { return false }
            moves = columns
            turn = snapshot["turn"]?.intValue.flatMap { Int(exactly: $0) }
            return true
        }
        guard let arena = CyclesArena(snapshot: snapshot) else { return false }
        self.arena = arena
        return true
    }

    /// Applies one `game.update` payload.
    public mutating func apply(update: JSONValue) {
        if isConnectFour {
            switch update["k"]?.stringValue {
            case "placed":
                if let column = update["column"]?.intValue.flatMap({ Int(exactly: $0) }) { moves.append(column) }
                turn = nil
            case "turn":
                turn = update["seat"]?.intValue.flatMap { Int(exactly: $0) }
            case "ended":
                turn = nil
            default:
                break
            }
        } else {
            arena?.apply(update: update)
        }
    }

    /// Whether it is the bot's turn in a Connect Four game that is running.
    public var isMyConnectFourTurn: Bool {
        isConnectFour && started && end == nil && seat != nil && turn == seat
    }

    /// Acknowledged moves that the final move list contradicts (Connect Four; empty for Cycles,
    /// whose turns leave no per-move trace the protocol shows).
    public var acknowledgedMovesMissing: [AcknowledgedMove] {
        guard isConnectFour else { return [] }
        return acknowledged.filter { $0.index >= moves.count || moves[$0.index] != $0.move }
    }
}
