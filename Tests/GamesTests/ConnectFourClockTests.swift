import Games
import Testing

/// The move clock, forfeits, aborts and what a rejoining player or another node is given.
struct ConnectFourClockTests {
    private static let clock = ConnectFourOptions(moveClockMilliseconds: 30_000)

    @Test func playerWhoseClockRunsOutLoses() {
        var game = ConnectFour(options: Self.clock, nowMilliseconds: 1_000)
        #expect(game.nextDeadlineMilliseconds == 31_000)
        #expect(game.advance(nowMilliseconds: 30_999) == [])
        #expect(game.advance(nowMilliseconds: 31_000) == [
            .timedOut(Seat(0)), .ended(.win(Seat(1), reason: .outOfTime, rest: [[Seat(0)]])),
        ])
        #expect(game.nextDeadlineMilliseconds == nil)
        #expect(game.advance(nowMilliseconds: 90_000) == [])
    }

    @Test func clockRestartsForEachTurn() {
        var game = ConnectFour(options: Self.clock, nowMilliseconds: 0)
        _ = game.apply(ConnectFourMove(column: 0), from: Seat(0), nowMilliseconds: 29_999)
        #expect(game.nextDeadlineMilliseconds == 59_999)
        #expect(game.advance(nowMilliseconds: 59_998) == [])
        #expect(game.advance(nowMilliseconds: 59_999).first == .timedOut(Seat(1)))
        #expect(game.outcome?.winner == Seat(0))
    }

    @Test func moveAtTheDeadlineIsTooLateAndChangesNothing() {
        var game = ConnectFour(options: Self.clock, nowMilliseconds: 0)
        let before = game
        let result = game.apply(ConnectFourMove(column: 0), from: Seat(0), nowMilliseconds: 30_000)
        #expect(result.failure == .tooLate)
        #expect(result.failure?.code == "too_late")
        #expect(game == before)
    }

    @Test func untimedGameNeverRunsOut() {
        var game = ConnectFour(options: ConnectFourOptions(moveClockMilliseconds: nil))
        #expect(game.nextDeadlineMilliseconds == nil)
        #expect(game.advance(nowMilliseconds: .max) == [])
        #expect(game.apply(ConnectFourMove(column: 0), from: Seat(0), nowMilliseconds: .max).success != nil)
    }

    @Test func forfeitingSeatLoses() {
        var (game, _) = connectFour(playing: [3, 3])
        #expect(game.forfeit(Seat(0), nowMilliseconds: 0) == [
            .forfeited(Seat(0)), .ended(.win(Seat(1), reason: .forfeit, rest: [[Seat(0)]])),
        ])
        #expect(game.forfeit(Seat(1), nowMilliseconds: 0) == [])
        #expect(game.outcome?.winner == Seat(1))
    }

    @Test func forfeitingOutOfTurnStillLoses() {
        var game = ConnectFour()
        _ = game.forfeit(Seat(1), nowMilliseconds: 0)
        #expect(game.outcome?.winner == Seat(0))
        #expect(game.outcome?.reason == .forfeit)
    }

    @Test func abortEndsWithoutResult() {
        var game = ConnectFour()
        #expect(game.abort() == [.ended(GameOutcome(verdict: .aborted, reason: .aborted, placements: []))])
        #expect(game.abort() == [])
        #expect(game.apply(ConnectFourMove(column: 0), from: Seat(0), nowMilliseconds: 0).failure == .gameOver)
    }

    @Test func snapshotShowsTheTimeLeft() {
        var game = ConnectFour(options: Self.clock, nowMilliseconds: 0)
        _ = game.apply(ConnectFourMove(column: 3), from: Seat(0), nowMilliseconds: 1_000)
        let snapshot = game.snapshot(nowMilliseconds: 11_000)
        #expect(snapshot == ConnectFourSnapshot(
            moves: [3], turn: Seat(1), remainingMilliseconds: 20_000, moveClockMilliseconds: 30_000, outcome: nil))
        #expect(snapshot.board == game.board)
    }

    @Test func savedGameResumesOnAnotherClockWithTheSameTimeLeft() throws {
        var game = ConnectFour(options: Self.clock, nowMilliseconds: 0)
        _ = game.apply(ConnectFourMove(column: 3), from: Seat(0), nowMilliseconds: 1_000)
        let saved = game.savedState(nowMilliseconds: 6_000)
        var restored = try ConnectFour(restoring: saved, nowMilliseconds: 500_000)
        #expect(restored.board == game.board)
        #expect(restored.turn == Seat(1))
        #expect(restored.nextDeadlineMilliseconds == 525_000)
        #expect(restored.advance(nowMilliseconds: 524_999) == [])
        #expect(restored.advance(nowMilliseconds: 525_000).first == .timedOut(Seat(1)))
    }

    @Test func savedStateAtTheSameTimeRestoresAnEqualGame() throws {
        let (game, _) = connectFour(playing: [3, 3, 4, 5], options: Self.clock)
        #expect(try ConnectFour(restoring: game.savedState(nowMilliseconds: 0), nowMilliseconds: 0) == game)
        let (finished, _) = connectFour(playing: [0, 1, 0, 1, 0, 1, 0])
        #expect(try ConnectFour(restoring: finished.savedState(nowMilliseconds: 9), nowMilliseconds: 0) == finished)
    }

    @Test func savedStateWithIllegalMovesIsRefused() {
        var state = ConnectFour().savedState(nowMilliseconds: 0)
        guard case .object(var fields) = state, case .object(var snapshot) = fields["snapshot"] else {
            Issue.record("saved state is not an object")
            return
        }
        snapshot["moves"] = [0, 0, 0, 0, 0, 0, 0]
        fields["snapshot"] = .object(snapshot)
        state = .object(fields)
        #expect(throws: GameValueError.self) { try ConnectFour(restoring: state, nowMilliseconds: 0) }
    }
}
