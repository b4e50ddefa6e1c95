import Games
import RoostBotsKit
import Testing

/// The Connect Four bot plays legal moves, takes a win, and blocks one.
struct ConnectFourStrategyTests {
    private var random = SplitMix64(seed: 42)

    @Test mutating func takesAWinningColumn() {
        // Seat 0 has three in column 0; seat 1 played elsewhere.
        let moves = [0, 6, 0, 6, 0, 5]
        #expect(ConnectFourStrategy.chooseColumn(after: moves, seat: 0, using: &random) == 0)
    }

    @Test mutating func blocksTheOpponentsWinningColumn() {
        // Seat 0 has three in the bottom row (0, 1, 2); seat 1 to move must block column 3.
        let moves = [0, 6, 1, 6, 2]
        #expect(ConnectFourStrategy.chooseColumn(after: moves, seat: 1, using: &random) == 3)
    }

    @Test mutating func neverPicksAFullColumn() {
        // Column 3 full (six discs, alternating), the centre the bot would otherwise prefer.
        let moves = [3, 3, 3, 3, 3, 3]
        for _ in 0..<50 {
            let column = ConnectFourStrategy.chooseColumn(after: moves, seat: 0, using: &random)
            #expect(column != nil && column != 3)
        }
    }

    @Test mutating func playsLegalMovesUntilTheGameEnds() {
        // Two bots against each other, through the rules of the Games module, always end.
        for seed in 1...20 {
            var random = SplitMix64(seed: UInt64(seed))
            var moves: [Int] = []
            var over = false
            while !over {
                let seat = moves.count % 2
                guard let column = ConnectFourStrategy.chooseColumn(after: moves, seat: seat, using: &random) else {
                    Issue.record("no move on a board that is not over")
                    return
                }
                moves.append(column)
                let board = ConnectFourStrategy.board(after: moves)
                #expect(board != nil)
                over = board!.hasFourInARow(Seat(seat)) || board!.isFull
            }
        }
    }

    @Test mutating func answersNothingOnAFullBoardOrAnIllegalHistory() {
        #expect(ConnectFourStrategy.chooseColumn(after: [0, 0, 0, 0, 0, 0, 0], seat: 1, using: &random) == nil)
        #expect(ConnectFourStrategy.board(after: [9]) == nil)
    }
}
