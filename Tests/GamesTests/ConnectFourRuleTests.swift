import Games
import Testing

/// Turn order, refused moves with their wire codes, and the full-board draw.
struct ConnectFourRuleTests {
    /// 42 moves that fill the board with no four in a row for either seat.
    static let drawnGame = [
        1, 0, 0, 1, 0, 2, 0, 0, 0, 2, 1, 1, 1, 1, 2, 2, 2, 2, 4, 3, 4,
        3, 5, 3, 3, 3, 3, 4, 4, 4, 5, 5, 5, 4, 5, 6, 5, 6, 6, 6, 6, 6,
    ]

    @Test func fullBoardWithoutFourInARowIsADraw() {
        let (game, updates) = connectFour(playing: Self.drawnGame)
        #expect(game.board.isFull)
        #expect(updates == [
            .placed(seat: Seat(1), column: 6, row: 5),
            .ended(GameOutcome(verdict: .draw, reason: .boardFull, placements: [[Seat(0), Seat(1)]])),
        ])
        #expect(game.outcome?.winner == nil)
        #expect(game.movesPlayed == 42)
    }

    @Test func seatZeroMovesFirst() {
        var game = ConnectFour()
        let result = game.apply(ConnectFourMove(column: 3), from: Seat(1), nowMilliseconds: 0)
        #expect(result.failure == .notYourTurn)
        #expect(result.failure?.code == "not_your_turn")
    }

    @Test func moveAnnouncesTheNextTurnWithAFullClock() {
        var game = ConnectFour(options: ConnectFourOptions(moveClockMilliseconds: 20_000), nowMilliseconds: 1_000)
        let updates = game.apply(ConnectFourMove(column: 3), from: Seat(0), nowMilliseconds: 5_000).success
        #expect(updates == [
            .placed(seat: Seat(0), column: 3, row: 0), .turn(seat: Seat(1), remainingMilliseconds: 20_000),
        ])
        #expect(game.turn == Seat(1))
    }

    @Test func sameSeatCannotMoveTwice() {
        var (game, _) = connectFour(playing: [3])
        #expect(game.apply(ConnectFourMove(column: 3), from: Seat(0), nowMilliseconds: 0).failure == .notYourTurn)
    }

    @Test func fullColumnIsRefused() {
        var (game, _) = connectFour(playing: [2, 2, 2, 2, 2, 2])
        let result = game.apply(ConnectFourMove(column: 2), from: Seat(0), nowMilliseconds: 0)
        #expect(result.failure == .illegalMove("column 2 is full"))
        #expect(result.failure?.code == "illegal_move")
    }

    @Test(arguments: [-1, 7, 100, Int.min])
    func columnOutsideTheBoardIsRefused(column: Int) {
        var game = ConnectFour()
        let result = game.apply(ConnectFourMove(column: column), from: Seat(0), nowMilliseconds: 0)
        #expect(result.failure?.code == "illegal_move")
    }

    @Test func moveAfterTheGameEndedIsRefused() {
        var (game, _) = connectFour(playing: [0, 1, 0, 1, 0, 1, 0])
        let result = game.apply(ConnectFourMove(column: 4), from: Seat(1), nowMilliseconds: 0)
        #expect(result.failure == .gameOver)
        #expect(result.failure?.code == "game_over")
    }

    @Test func seatOutsideTheGameIsRefused() {
        var game = ConnectFour()
        let result = game.apply(ConnectFourMove(column: 0), from: Seat(2), nowMilliseconds: 0)
        #expect(result.failure == .notAPlayer)
        #expect(result.failure?.code == "not_a_player")
    }

    @Test func refusedMoveLeavesTheGameUnchanged() {
        var (game, _) = connectFour(playing: [2, 2, 2, 2, 2, 2, 3])
        let before = game
        _ = game.apply(ConnectFourMove(column: 2), from: Seat(1), nowMilliseconds: 0)
        _ = game.apply(ConnectFourMove(column: 9), from: Seat(1), nowMilliseconds: 0)
        _ = game.apply(ConnectFourMove(column: 4), from: Seat(0), nowMilliseconds: 0)
        #expect(game == before)
    }

    @Test func rejectionCodesAreDistinct() {
        let all: [MoveRejection] = [
            .notAPlayer, .notYourTurn, .gameOver, .tooLate, .eliminated, .malformedMove("x"), .illegalMove("x"),
            .tooManyPendingMoves,
        ]
        #expect(Set(all.map(\.code)).count == all.count)
    }
}
