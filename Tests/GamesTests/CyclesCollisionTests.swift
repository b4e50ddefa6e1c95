import Games
import Testing

/// Crashes into trails, into each other and into the cycle's own wall.
struct CyclesCollisionTests {
    @Test func cyclesEnteringTheSameCellBothCrash() {
        var game = Cycles(spawns: [spawn(0, 5, 8, .east), spawn(1, 7, 8, .west)], options: .test())
        #expect(game.advance(nowMilliseconds: 0) == [
            .tick(CyclesTick(tick: 1, heads: [], crashes: [
                CyclesCrash(seat: Seat(0), cause: .headOn), CyclesCrash(seat: Seat(1), cause: .headOn),
            ])),
            .ended(GameOutcome(verdict: .draw, reason: .allCrashed, placements: [[Seat(0), Seat(1)]])),
        ])
        #expect(game.wallOwner(x: 6, y: 8) == nil)
    }

    @Test func headOnCrashLeavesAThirdCycleTheWinner() {
        var game = Cycles(
            spawns: [spawn(0, 5, 8, .east), spawn(1, 7, 8, .west), spawn(2, 0, 0, .south)], options: .test())
        let updates = game.advance(nowMilliseconds: 0)
        #expect(updates.last == .ended(.win(Seat(2), reason: .lastStanding, rest: [[Seat(0), Seat(1)]])))
    }

    @Test func cyclesSwappingCellsRideIntoEachOthersWalls() {
        var game = Cycles(spawns: [spawn(0, 5, 8, .east), spawn(1, 6, 8, .west)], options: .test())
        let tick = game.advance(nowMilliseconds: 0).first?.tick
        #expect(tick?.crashes == [
            CyclesCrash(seat: Seat(0), cause: .trail(Seat(1))), CyclesCrash(seat: Seat(1), cause: .trail(Seat(0))),
        ])
        #expect(game.outcome?.reason == .allCrashed)
    }

    @Test func ridingIntoAnotherTrailCrashes() {
        // Seat 0 passes (5, 5) at tick 3; seat 1 comes down column 5 and reaches it at tick 4.
        var game = Cycles(spawns: [spawn(0, 2, 5, .east), spawn(1, 5, 1, .south)], options: .test())
        #expect(game.run(ticks: 3).allSatisfy { $0.tick?.crashes == [] })
        #expect(game.advance(nowMilliseconds: 0) == [
            .tick(CyclesTick(tick: 4, heads: [spawn(0, 6, 5, .east)], crashes: [
                CyclesCrash(seat: Seat(1), cause: .trail(Seat(0)))
            ])),
            .ended(.win(Seat(0), reason: .lastStanding, rest: [[Seat(1)]])),
        ])
        #expect(game.head(1) == spawn(1, 5, 4, .south))
    }

    @Test func ridingIntoItsOwnTrailCrashes() {
        var game = Cycles(spawns: [spawn(0, 5, 5, .east), spawn(1, 0, 15, .east)], options: .test())
        _ = game.advance(nowMilliseconds: 0)  // (6, 5)
        game.turn(0, .right)  // south to (6, 6)
        game.turn(0, .right)  // west to (5, 6)
        _ = game.run(ticks: 2)
        game.turn(0, .right)  // north into the spawn cell (5, 5)
        let tick = game.advance(nowMilliseconds: 0).first?.tick
        #expect(tick?.crashes == [CyclesCrash(seat: Seat(0), cause: .trail(Seat(0)))])
    }

    @Test func crashedCycleLeavesItsTrailAsWalls() {
        // Seat 0 hits the east border at tick 11; seat 2, coming up column 12, meets its wall at tick 12.
        var game = Cycles(
            spawns: [spawn(0, 5, 3, .east), spawn(1, 0, 0, .south), spawn(2, 12, 15, .north)], options: .test())
        let eleven = game.run(ticks: 11)
        #expect(eleven.last?.tick?.crashes == [CyclesCrash(seat: Seat(0), cause: .border)])
        #expect(game.head(2) == spawn(2, 12, 4, .north))
        let twelve = game.advance(nowMilliseconds: 0)
        #expect(twelve.first?.tick?.crashes == [CyclesCrash(seat: Seat(2), cause: .trail(Seat(0)))])
        #expect(twelve.last == .ended(.win(Seat(1), reason: .lastStanding, rest: [[Seat(2)], [Seat(0)]])))
        #expect(game.wallOwner(x: 12, y: 3) == Seat(0))
    }
}
