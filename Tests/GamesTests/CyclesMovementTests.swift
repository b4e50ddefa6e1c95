import Games
import Testing

/// Riding straight, turning, the turn queue and the countdown.
struct CyclesMovementTests {
    /// Seat 0 at (5, 3) heading east, seat 1 at (0, 12) heading east, on 16×16.
    private func twoRiders(options: CyclesOptions = .test()) -> Cycles {
        Cycles(spawns: [spawn(0, 5, 3, .east), spawn(1, 0, 12, .east)], options: options)
    }

    @Test func cycleRidingStraightHitsTheBorderAtTheExactTick() {
        var game = twoRiders()
        let riding = game.run(ticks: 10)
        #expect(riding.count == 10)
        #expect(riding.allSatisfy { $0.tick?.crashes == [] })
        #expect(game.head(0) == spawn(0, 15, 3, .east))

        #expect(game.advance(nowMilliseconds: 0) == [
            .tick(CyclesTick(tick: 11, heads: [spawn(1, 11, 12, .east)], crashes: [CyclesCrash(seat: Seat(0), cause: .border)])),
            .ended(.win(Seat(1), reason: .lastStanding, rest: [[Seat(0)]])),
        ])
        #expect(game.head(0) == spawn(0, 15, 3, .east))
    }

    @Test func tickReportsEveryRidingHead() {
        var game = twoRiders()
        #expect(game.advance(nowMilliseconds: 0) == [
            .tick(CyclesTick(tick: 1, heads: [spawn(0, 6, 3, .east), spawn(1, 1, 12, .east)], crashes: []))
        ])
    }

    @Test func everyCellPassedBecomesAWall() {
        var game = twoRiders()
        _ = game.run(ticks: 3)
        for x in 5...8 { #expect(game.wallOwner(x: x, y: 3) == Seat(0)) }
        #expect(game.wallOwner(x: 9, y: 3) == nil)
        #expect(game.wallOwner(x: 3, y: 12) == Seat(1))
    }

    @Test(arguments: [
        (CyclesMove.left, spawn(0, 5, 2, .north)),
        (CyclesMove.right, spawn(0, 5, 4, .south)),
        (CyclesMove.face(.north), spawn(0, 5, 2, .north)),
        (CyclesMove.face(.south), spawn(0, 5, 4, .south)),
    ])
    func turnTakesEffectOnTheNextTick(move: CyclesMove, head: CycleHead) {
        var game = twoRiders()
        #expect(game.apply(move, from: Seat(0), nowMilliseconds: 0) == .success([]))
        _ = game.advance(nowMilliseconds: 0)
        #expect(game.head(0) == head)
    }

    @Test func relativeTurnsFollowTheHeading() {
        var game = twoRiders()
        game.turn(0, .right)  // south
        _ = game.advance(nowMilliseconds: 0)
        game.turn(0, .right)  // west
        _ = game.advance(nowMilliseconds: 0)
        game.turn(0, .left)  // south again
        _ = game.advance(nowMilliseconds: 0)
        #expect(game.head(0) == spawn(0, 4, 5, .south))
    }

    @Test func reversingIsRefused() {
        var game = twoRiders()
        let before = game
        let result = game.apply(.face(.west), from: Seat(0), nowMilliseconds: 0)
        #expect(result.failure == .illegalMove("a cycle cannot reverse from east to west"))
        #expect(result.failure?.code == "illegal_move")
        #expect(game == before)
    }

    @Test func reversalIsJudgedAgainstTheQueuedHeading() {
        var game = twoRiders()
        game.turn(0, .left)  // will head north
        #expect(game.apply(.face(.south), from: Seat(0), nowMilliseconds: 0).failure?.code == "illegal_move")
        #expect(game.apply(.face(.west), from: Seat(0), nowMilliseconds: 0).success == [])
        #expect(game.pendingHeadings(of: Seat(0)) == [.north, .west])
    }

    @Test func currentHeadingIsAcceptedAndIgnored() {
        var game = twoRiders()
        #expect(game.apply(.face(.east), from: Seat(0), nowMilliseconds: 0) == .success([]))
        #expect(game.pendingHeadings(of: Seat(0)) == [])
        #expect(game.movesPlayed == 0)
    }

    @Test func oneTurnIsTakenPerTickAndTheNextWaits() {
        var game = twoRiders()
        game.turn(0, .left)
        game.turn(0, .left)  // a U-turn pressed inside one tick
        #expect(game.movesPlayed == 2)
        _ = game.advance(nowMilliseconds: 0)
        #expect(game.head(0) == spawn(0, 5, 2, .north))
        #expect(game.pendingHeadings(of: Seat(0)) == [.west])
        _ = game.advance(nowMilliseconds: 0)
        #expect(game.head(0) == spawn(0, 4, 2, .west))
    }

    @Test func thirdTurnInOneTickIsRefused() {
        var game = twoRiders()
        game.turn(0, .left)
        game.turn(0, .right)
        let result = game.apply(.left, from: Seat(0), nowMilliseconds: 0)
        #expect(result.failure == .tooManyPendingMoves)
        #expect(result.failure?.code == "too_many_pending_moves")
        _ = game.advance(nowMilliseconds: 0)
        #expect(game.apply(.left, from: Seat(0), nowMilliseconds: 0).success == [])
    }

    @Test func countdownTicksMoveNothingAndSendNothing() {
        let options = CyclesOptions(width: 16, height: 16, roundTimeLimitMilliseconds: 60_000, countdownMilliseconds: 1_000)
        var game = twoRiders(options: options)
        game.turn(0, .right)  // queued during the countdown
        #expect(game.run(ticks: 20) == [])
        #expect(game.head(0) == spawn(0, 5, 3, .east))
        #expect(game.advance(nowMilliseconds: 0) == [
            .tick(CyclesTick(tick: 21, heads: [spawn(0, 5, 4, .south), spawn(1, 1, 12, .east)], crashes: []))
        ])
    }

    @Test func seatOutsideTheGameIsRefused() {
        var game = twoRiders()
        #expect(game.apply(.left, from: Seat(2), nowMilliseconds: 0).failure?.code == "not_a_player")
    }

    @Test func crashedCycleCannotTurn() {
        var game = Cycles(
            spawns: [spawn(0, 15, 3, .east), spawn(1, 0, 12, .east), spawn(2, 0, 14, .east)], options: .test())
        _ = game.advance(nowMilliseconds: 0)
        #expect(!game.isRiding(Seat(0)))
        #expect(game.outcome == nil)
        let result = game.apply(.left, from: Seat(0), nowMilliseconds: 0)
        #expect(result.failure == .eliminated)
        #expect(result.failure?.code == "eliminated")
    }

    @Test func turnAfterTheRoundIsRefused() {
        var game = twoRiders()
        _ = game.run(ticks: 11)
        #expect(game.outcome != nil)
        #expect(game.apply(.left, from: Seat(1), nowMilliseconds: 0).failure == .gameOver)
        #expect(game.advance(nowMilliseconds: 0) == [])
    }
}
