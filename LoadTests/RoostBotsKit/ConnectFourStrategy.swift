import Games

/// How a bot picks its Connect Four column: a one-ply player that is cheap enough for thousands of
/// bots on one core and still plays games that end by four in a row more often than by a full board.
///
/// In order: win now if a column does; else block the column where the opponent would win next;
/// else avoid columns that let the opponent win on top of our disc; among what is left, prefer the
/// centre (more lines pass through it), ties broken at random so games differ. Legality comes from
/// the `Games` rules' board (`ConnectFourBoard.hasRoom`), never from the bot's own bookkeeping.
public enum ConnectFourStrategy {
    /// The board after `moves` (columns in play order; seat 0 played the even-numbered ones), or
    /// `nil` when they are not a legal sequence.
    public static func board(after moves: [Int]) -> ConnectFourBoard? {
        var board = ConnectFourBoard()
        for (index, column) in moves.enumerated() {
            guard (0..<ConnectFourBoard.columns).contains(column), board.hasRoom(inColumn: column) else { return nil }
            _ = board.drop(Seat(index % 2), inColumn: column)
        }
        return board
    }

    /// The column `seat` plays after `moves`; `nil` when the board is full or `moves` is not legal.
    public static func chooseColumn(
        after moves: [Int], seat: Int, using random: inout some RandomNumberGenerator
    ) -> Int? {
        guard let board = board(after: moves), (0...1).contains(seat) else { return nil }
        let me = Seat(seat)
        let opponent = Seat(1 - seat)
        let legal = (0..<ConnectFourBoard.columns).filter { board.hasRoom(inColumn: $0) }
        guard !legal.isEmpty else { return nil }

        if let winning = legal.first(where: { wins(board, me, $0) }) { return winning }
        if let blocking = legal.first(where: { wins(board, opponent, $0) }) { return blocking }
        let safe = legal.filter { column in
            var after = board
            _ = after.drop(me, inColumn: column)
            return !(after.hasRoom(inColumn: column) && wins(after, opponent, column))
        }
        let candidates = safe.isEmpty ? legal : safe
        // Centre weight: column 3 scores 4, its neighbours 3, ... the edges 1; plus a random fraction.
        var best: (column: Int, score: Double)?
        for column in candidates {
            let score = score(column, using: &random)
            if best == nil || score > best!.score { best = (column, score) }
        }
        return best?.column
    }

    private static func wins(_ board: ConnectFourBoard, _ seat: Seat, _ column: Int) -> Bool {
        var after = board
        _ = after.drop(seat, inColumn: column)
        return after.hasFourInARow(seat)
    }

    private static func score(_ column: Int, using random: inout some RandomNumberGenerator) -> Double {
        Double(4 - abs(column - 3)) + Double.random(in: 0..<1, using: &random)
    }
}
