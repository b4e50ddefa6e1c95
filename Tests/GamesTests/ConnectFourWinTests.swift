import Games
import Testing

/// Four in a row wins in every direction, and only four in a row.
struct ConnectFourWinTests {
    @Test func horizontalFourWins() {
        let (game, updates) = connectFour(playing: [0, 0, 1, 1, 2, 2, 3])
        #expect(updates == [
            .placed(seat: Seat(0), column: 3, row: 0),
            .ended(.win(Seat(0), reason: .fourInARow, rest: [[Seat(1)]])),
        ])
        #expect(game.outcome?.winner == Seat(0))
        #expect(game.outcome?.placements == [[Seat(0)], [Seat(1)]])
    }

    @Test func verticalFourWins() {
        let (game, updates) = connectFour(playing: [0, 1, 0, 1, 0, 1, 0])
        #expect(updates.first == .placed(seat: Seat(0), column: 0, row: 3))
        #expect(game.outcome?.winner == Seat(0))
        #expect(game.outcome?.reason == .fourInARow)
    }

    @Test func risingDiagonalFourWins() {
        // Seat 0 ends with (0,0), (1,1), (2,2), (3,3).
        let (game, updates) = connectFour(playing: [0, 1, 1, 2, 2, 3, 2, 3, 3, 6, 3])
        #expect(updates.first == .placed(seat: Seat(0), column: 3, row: 3))
        #expect(game.outcome?.winner == Seat(0))
    }

    @Test func fallingDiagonalFourWins() {
        // The mirror image: (6,0), (5,1), (4,2), (3,3).
        let (game, _) = connectFour(playing: [6, 5, 5, 4, 4, 3, 4, 3, 3, 0, 3])
        #expect(game.outcome?.winner == Seat(0))
    }

    @Test func secondSeatCanWin() {
        let (game, _) = connectFour(playing: [6, 0, 6, 1, 5, 2, 5, 3])
        #expect(game.outcome == .win(Seat(1), reason: .fourInARow, rest: [[Seat(0)]]))
    }

    @Test func threeInARowDoesNotWin() {
        let (game, updates) = connectFour(playing: [0, 0, 1, 1, 2])
        #expect(game.outcome == nil)
        #expect(updates.last == .turn(seat: Seat(1), remainingMilliseconds: nil))
    }

    @Test func discsOnlyLineUpWithinOneColumn() {
        // Seat 0 at the top three cells of column 0 and the bottom cell of column 1: adjacent bits
        // without the sentinel bit, never a vertical four.
        var board = ConnectFourBoard()
        for _ in 0..<3 { _ = board.drop(Seat(1), inColumn: 0) }
        for _ in 0..<3 { _ = board.drop(Seat(0), inColumn: 0) }
        _ = board.drop(Seat(0), inColumn: 1)
        #expect(!board.hasFourInARow(Seat(0)))
        #expect(board.rendering == ["0......", "0......", "0......", "1......", "1......", "10....."])
    }

    @Test func horizontalLinesDoNotWrapAcrossTheBoardEdge() {
        // Seat 0 in columns 5, 6 on row 0 and columns 0, 1 on row 1: never four in a row.
        var board = ConnectFourBoard()
        for column in [5, 6] { _ = board.drop(Seat(0), inColumn: column) }
        for column in [0, 1] { _ = board.drop(Seat(1), inColumn: column) }
        for column in [0, 1] { _ = board.drop(Seat(0), inColumn: column) }
        #expect(!board.hasFourInARow(Seat(0)))
    }
}
