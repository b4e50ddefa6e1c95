import Games
import Testing

/// How a round ends: last standing, simultaneous crashes, the time limit, forfeits and aborts.
struct CyclesOutcomeTests {
    @Test func lastCycleStandingWinsAndTheOthersPlaceByCrashOrder() {
        // Seat 1 hits the border at tick 6, seat 0 at tick 11, seat 2 would at tick 16.
        var game = Cycles(
            spawns: [spawn(0, 5, 3, .east), spawn(1, 10, 6, .east), spawn(2, 0, 12, .east)], options: .test())
        let updates = game.run(ticks: 11)
        #expect(updates[5].tick?.crashes == [CyclesCrash(seat: Seat(1), cause: .border)])
        #expect(updates.last == .ended(.win(Seat(2), reason: .lastStanding, rest: [[Seat(0)], [Seat(1)]])))
        #expect(game.outcome?.placements == [[Seat(2)], [Seat(0)], [Seat(1)]])
    }

    @Test func lastCyclesCrashingInTheSameTickDraw() {
        var game = Cycles(spawns: [spawn(0, 5, 3, .east), spawn(1, 5, 12, .east)], options: .test())
        let updates = game.run(ticks: 11)
        #expect(updates.last == .ended(GameOutcome(verdict: .draw, reason: .allCrashed, placements: [[Seat(0), Seat(1)]])))
        #expect(game.outcome?.winner == nil)
    }

    @Test func drawSharesFirstPlaceOnlyAmongTheLastToCrash() {
        var game = Cycles(
            spawns: [spawn(0, 5, 3, .east), spawn(1, 5, 12, .east), spawn(2, 10, 6, .east)], options: .test())
        _ = game.run(ticks: 11)
        #expect(game.outcome == GameOutcome(verdict: .draw, reason: .allCrashed, placements: [[Seat(0), Seat(1)], [Seat(2)]]))
    }

    @Test func timeLimitEndsInADrawAmongTheSurvivors() {
        let options = CyclesOptions.test(width: 64, height: 64, roundMilliseconds: 1_000)
        #expect(options.roundTicks == 20)
        var game = Cycles(
            spawns: [spawn(0, 10, 10, .east), spawn(1, 10, 50, .east), spawn(2, 60, 30, .east)], options: options)
        let updates = game.run(ticks: 19)
        #expect(game.outcome == nil)
        #expect(updates[3].tick?.crashes == [CyclesCrash(seat: Seat(2), cause: .border)])
        let last = game.advance(nowMilliseconds: 0)
        #expect(last.first?.tick?.tick == 20)
        #expect(last.last == .ended(GameOutcome(verdict: .draw, reason: .timeLimit, placements: [[Seat(0), Seat(1)], [Seat(2)]])))
    }

    @Test func timeLimitRoundsUpToWholeTicksAndExcludesTheCountdown() {
        let options = CyclesOptions(width: 64, height: 64, roundTimeLimitMilliseconds: 1_010, countdownMilliseconds: 120)
        #expect(options.roundTicks == 21)
        #expect(options.countdownTicks == 3)
        var game = Cycles(spawns: [spawn(0, 0, 3, .east), spawn(1, 0, 12, .east)], options: options)
        _ = game.run(ticks: 23)
        #expect(game.outcome == nil)
        _ = game.advance(nowMilliseconds: 0)
        #expect(game.outcome?.reason == .timeLimit)
    }

    @Test func forfeitLeavesTheOtherCycleTheWinner() {
        var game = Cycles(seats: 2, seed: 1, options: .test())
        #expect(game.forfeit(Seat(0), nowMilliseconds: 0) == [
            .eliminated(CyclesCrash(seat: Seat(0), cause: .forfeit)),
            .ended(.win(Seat(1), reason: .forfeit, rest: [[Seat(0)]])),
        ])
        #expect(game.forfeit(Seat(1), nowMilliseconds: 0) == [])
    }

    @Test func forfeitAmongSeveralRidersKeepsTheRoundGoing() {
        var game = Cycles(seats: 3, seed: 1, options: .test())
        #expect(game.forfeit(Seat(1), nowMilliseconds: 0) == [.eliminated(CyclesCrash(seat: Seat(1), cause: .forfeit))])
        #expect(game.forfeit(Seat(1), nowMilliseconds: 0) == [])
        #expect(game.outcome == nil)
        #expect(game.ridingCount == 2)
        #expect(game.apply(.left, from: Seat(1), nowMilliseconds: 0).failure == .eliminated)
        let tick = game.advance(nowMilliseconds: 0).first?.tick
        #expect(tick?.heads.map(\.seat) == [Seat(0), Seat(2)])
        _ = game.forfeit(Seat(2), nowMilliseconds: 0)
        #expect(game.outcome?.placements == [[Seat(0)], [Seat(2)], [Seat(1)]])
    }

    @Test func abortEndsWithoutResult() {
        var game = Cycles(seats: 4, seed: 9, options: .test())
        #expect(game.abort() == [.ended(GameOutcome(verdict: .aborted, reason: .aborted, placements: []))])
        #expect(game.abort() == [])
        #expect(game.advance(nowMilliseconds: 0) == [])
    }
}
