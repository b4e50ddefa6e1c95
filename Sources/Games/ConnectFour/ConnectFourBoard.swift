/// A Connect Four board: 7 columns by 6 rows, row 0 at the bottom, held as two bitboards.
///
/// Column `c` uses bits `7c ..< 7c + 6` (bottom to top) and leaves bit `7c + 6` empty, so shifting a
/// bitboard by 1 (vertical), 7 (horizontal), 6 and 8 (the diagonals) never wraps one line into the
/// next. A win test is two ANDs per direction (the classic bitboard trick, e.g. Pascal Pons' solver).
public struct ConnectFourBoard: Hashable, Sendable {
    /// Columns on the board.
    public static let columns = 7
    /// Rows on the board.
    public static let rows = 6

    private static let bitsPerColumn = 7
    private static let columnMask: UInt64 = 0b11_1111

    /// The discs of seat 0 and seat 1.
    private var discs: (UInt64, UInt64) = (0, 0)

    /// An empty board.
    public init() {}

    /// All discs, either seat.
    private var occupied: UInt64 { discs.0 | discs.1 }

    /// How many discs column `column` holds.
    public func height(ofColumn column: Int) -> Int {
        precondition((0..<Self.columns).contains(column), "column out of range")
        return ((occupied >> UInt64(column * Self.bitsPerColumn)) & Self.columnMask).nonzeroBitCount
    }

    /// Whether `column` has room for another disc.
    public func hasRoom(inColumn column: Int) -> Bool { height(ofColumn: column) < Self.rows }

    /// Whether every cell holds a disc.
    public var isFull: Bool { occupied.nonzeroBitCount == Self.columns * Self.rows }

    /// How many discs are on the board.
    public var discCount: Int { occupied.nonzeroBitCount }

    /// The seat whose disc is at `column`, `row` (row 0 at the bottom), or `nil` for an empty cell.
    public subscript(column column: Int, row row: Int) -> Seat? {
        precondition((0..<Self.columns).contains(column) && (0..<Self.rows).contains(row), "cell out of range")
        let bit = UInt64(1) << UInt64(column * Self.bitsPerColumn + row)
        if discs.0 & bit != 0 { return Seat(0) }
        if discs.1 & bit != 0 { return Seat(1) }
        return nil
    }

    /// Drops a disc of `seat` into `column`, which must have room; returns the row it lands in.
    public mutating func drop(_ seat: Seat, inColumn column: Int) -> Int {
        let row = height(ofColumn: column)
        precondition(row < Self.rows, "column \(column) is full")
        let bit = UInt64(1) << UInt64(column * Self.bitsPerColumn + row)
        switch seat.index {
        case 0: discs.0 |= bit
        case 1: discs.1 |= bit
        default: preconditionFailure("Connect Four has two seats")
        }
        return row
    }

    /// Whether `seat` has four discs in a row in any direction.
    public func hasFourInARow(_ seat: Seat) -> Bool {
        let board = seat.index == 0 ? discs.0 : discs.1
        // 1: vertical, 7: horizontal, 6: diagonal down-right (\), 8: diagonal up-right (/).
        for shift: UInt64 in [1, 7, 6, 8] {
            let pairs = board & (board >> shift)
            if pairs & (pairs >> (2 * shift)) != 0 { return true }
        }
        return false
    }

    /// The board as rows of characters, top row first: `.` empty, `0`/`1` a seat's disc. For tests and logs.
    public var rendering: [String] {
        (0..<Self.rows).reversed().map { row in
            String((0..<Self.columns).map { column in self[column: column, row: row].map { Character(String($0.index)) } ?? "." })
        }
    }

    public static func == (a: ConnectFourBoard, b: ConnectFourBoard) -> Bool { a.discs == b.discs }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(discs.0)
        hasher.combine(discs.1)
    }
}
