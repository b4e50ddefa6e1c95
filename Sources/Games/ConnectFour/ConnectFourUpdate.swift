/// What Connect Four tells players and spectators. On the wire an object whose `"k"` names the case.
public enum ConnectFourUpdate: Hashable, Sendable {
    /// `seat` dropped a disc that landed at `column`, `row` (row 0 at the bottom).
    /// `{"k":"placed","seat":0,"column":3,"row":0}`
    case placed(seat: Seat, column: Int, row: Int)
    /// It is `seat`'s turn, with `remainingMilliseconds` on its clock (`nil`: untimed).
    /// `{"k":"turn","seat":1,"remaining":30000}`
    case turn(seat: Seat, remainingMilliseconds: Int64?)
    /// `seat`'s move clock ran out. `{"k":"timed_out","seat":1}`
    case timedOut(Seat)
    /// `seat` resigned or left. `{"k":"forfeited","seat":1}`
    case forfeited(Seat)
    /// The game is over. `{"k":"ended","outcome":{...}}`
    case ended(GameOutcome)
}

extension ConnectFourUpdate: GameValueCodable {
    public var gameValue: GameValue {
        switch self {
        case .placed(let seat, let column, let row):
            ["k": "placed", "seat": seat.gameValue, "column": .int(column), "row": .int(row)]
        case .turn(let seat, let remaining):
            ["k": "turn", "seat": seat.gameValue, "remaining": remaining.map { .int(Int($0)) } ?? .null]
        case .timedOut(let seat):
            ["k": "timed_out", "seat": seat.gameValue]
        case .forfeited(let seat):
            ["k": "forfeited", "seat": seat.gameValue]
        case .ended(let outcome):
            ["k": "ended", "outcome": outcome.gameValue]
        }
    }

    public init(gameValue value: GameValue) throws(GameValueError) {
        let reader = try GameValueObjectReader(value)
        switch try reader.string("k") {
        case "placed":
            self = .placed(
                seat: try reader.decode("seat"), column: try reader.int("column", in: 0...6),
                row: try reader.int("row", in: 0...5))
        case "turn":
            self = .turn(seat: try reader.decode("seat"), remainingMilliseconds: try reader.optionalInt("remaining").map(Int64.init))
        case "timed_out": self = .timedOut(try reader.decode("seat"))
        case "forfeited": self = .forfeited(try reader.decode("seat"))
        case "ended": self = .ended(try reader.decode("outcome"))
        default: throw .invalidValue(path: "$.k", reason: "unknown Connect Four update")
        }
    }
}

/// What a (re)joining Connect Four player or spectator needs: the columns played, whose turn, the clock.
///
/// The board is not sent: `moves` rebuilds it (seat 0 played the even-numbered moves), and is also the
/// game's record. `{"moves":[3,3,4],"turn":1,"remaining":21500,"clock":30000,"outcome":null}`
public struct ConnectFourSnapshot: Hashable, Sendable, GameValueCodable {
    /// The columns played, in order; seat 0 played moves 0, 2, 4, ...
    public var moves: [Int]
    /// The seat to move, or `nil` once the game is over.
    public var turn: Seat?
    /// Time left on the mover's clock, or `nil` when untimed or over.
    public var remainingMilliseconds: Int64?
    /// The move clock the game is played with, or `nil` when untimed.
    public var moveClockMilliseconds: Int64?
    /// How the game ended, or `nil` while it runs.
    public var outcome: GameOutcome?

    /// A snapshot with these fields.
    public init(
        moves: [Int], turn: Seat?, remainingMilliseconds: Int64?, moveClockMilliseconds: Int64?, outcome: GameOutcome?
    ) {
        self.moves = moves
        self.turn = turn
        self.remainingMilliseconds = remainingMilliseconds
        self.moveClockMilliseconds = moveClockMilliseconds
        self.outcome = outcome
    }

    /// The board `moves` build; `nil` if they are not a legal sequence (a hostile or corrupt snapshot).
    public var board: ConnectFourBoard? { ConnectFourBoard(replaying: moves) }

    public var gameValue: GameValue {
        [
            "moves": .ints(moves), "turn": turn?.gameValue ?? .null,
            "remaining": remainingMilliseconds.map { .int(Int($0)) } ?? .null,
            "clock": moveClockMilliseconds.map { .int(Int($0)) } ?? .null,
            "outcome": outcome?.gameValue ?? .null,
        ]
    }

    public init(gameValue value: GameValue) throws(GameValueError) {
        let reader = try GameValueObjectReader(value)
        self.init(
            moves: try reader.ints("moves"), turn: try reader.decodeIfPresent("turn"),
            remainingMilliseconds: try reader.optionalInt("remaining").map(Int64.init),
            moveClockMilliseconds: try reader.optionalInt("clock").map(Int64.init),
            outcome: try reader.decodeIfPresent("outcome"))
    }
}

extension ConnectFourBoard {
    /// The board after `columns` were played alternately from seat 0, or `nil` if one is out of range,
    /// into a full column, or after four in a row.
    public init?(replaying columns: [Int]) {
        self.init()
        for (index, column) in columns.enumerated() {
            guard (0..<Self.columns).contains(column), hasRoom(inColumn: column) else { return nil }
            guard !hasFourInARow(Seat(0)), !hasFourInARow(Seat(1)) else { return nil }
            _ = drop(Seat(index % 2), inColumn: column)
        }
    }
}
