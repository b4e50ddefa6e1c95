import Protocol

/// A Connect Four game as a client follows it: built from a `snapshot`, then moved on by each
/// `game.update` (`u`). Pure and forgiving: a payload it cannot read is refused (`nil` or
/// `false`) and changes nothing, so a bad server message cannot break the view.
///
/// Payloads (spec §13): snapshot `{"moves":[3,3,4],"turn":1,"remaining":21500,"clock":30000,
/// "outcome":null}`; updates `placed`, `turn`, `timed_out`, `forfeited`, `ended`.
public struct ConnectFourPosition: Hashable, Sendable {
    /// Columns on the board.
    public static let columns = 7
    /// Rows on the board; row 0 is the bottom.
    public static let rows = 6

    /// The seat whose disc is in each cell, column by column from the bottom.
    public private(set) var cells: [[Int?]] = Array(repeating: Array(repeating: nil, count: rows), count: columns)
    /// Whose turn it is; `nil` before the start and after the end.
    public private(set) var turn: Int?
    /// Time left for the move, in ms, when the turn was last reported; `nil` when untimed.
    public private(set) var remainingMilliseconds: Int?
    /// The move clock, in ms; `nil` when untimed.
    public private(set) var clockMilliseconds: Int?
    /// A cell of the board.
    public struct Cell: Hashable, Sendable {
        /// A cell at `column`, `row`.
        public init(column: Int, row: Int) {
            self.column = column
            self.row = row
        }

        /// The column, 0 at the left.
        public var column: Int
        /// The row, 0 at the bottom.
        public var row: Int
    }

    /// The last disc placed.
    public private(set) var lastPlaced: Cell?
    /// How the game ended, once it has.
    public private(set) var outcome: GameResultSummary?
    /// Seats that timed out or forfeited.
    public private(set) var retired: [Int: String] = [:]

    /// An empty board (a waiting game).
    public init() {}

    /// The position in `snapshot`; `nil` when it is not a Connect Four snapshot.
    public init?(snapshot: JSONValue) {
        guard let moves = snapshot["moves"]?.arrayValue, moves.count <= Self.columns * Self.rows else { return nil }
        for (index, move) in moves.enumerated() {
            guard let column = move.int(in: 0...(Self.columns - 1)), drop(seat: index % 2, column: column) != nil else {
                return nil
            }
        }
        turn = snapshot["turn"]?.int(in: 0...1)
        remainingMilliseconds = snapshot["remaining"]?.int(in: 0...Int.max)
        clockMilliseconds = snapshot["clock"]?.int(in: 0...Int.max)
        if let outcome = snapshot["outcome"], !outcome.isNull { self.outcome = GameResultSummary(outcome) }
    }

    /// The seat whose disc is at `column`, `row`.
    public func seat(column: Int, row: Int) -> Int? { cells[column][row] }

    /// Whether `column` has no free row.
    public func isFull(column: Int) -> Bool { cells[column][Self.rows - 1] != nil }

    /// Applies one update; false when it is not a readable Connect Four update (nothing changes).
    @discardableResult
    public mutating func apply(update: JSONValue) -> Bool {
        switch update["k"]?.stringValue {
        case "placed":
            guard let seat = update["seat"]?.int(in: 0...1), let column = update["column"]?.int(in: 0...(Self.columns - 1)),
                let row = update["row"]?.int(in: 0...(Self.rows - 1)), cells[column][row] == nil
            else { return false }
            cells[column][row] = seat
            lastPlaced = Cell(column: column, row: row)
        case "turn":
            guard let seat = update["seat"]?.int(in: 0...1) else { return false }
            turn = seat
            remainingMilliseconds = update["remaining"]?.int(in: 0...Int.max)
        case "timed_out", "forfeited":
            guard let seat = update["seat"]?.int(in: 0...1), let kind = update["k"]?.stringValue else { return false }
            retired[seat] = kind.replacingUnderscores()
        case "ended":
            guard let outcome = update["outcome"].flatMap(GameResultSummary.init) else { return false }
            self.outcome = outcome
            turn = nil
        default:
            return false
        }
        return true
    }

    /// Drops a disc for `seat` into `column`; the row it lands on, or `nil` when the column is full.
    private mutating func drop(seat: Int, column: Int) -> Int? {
        guard let row = cells[column].firstIndex(where: { $0 == nil }) else { return nil }
        cells[column][row] = seat
        lastPlaced = Cell(column: column, row: row)
        return row
    }
}
