import Games
import Testing

/// Same seed and moves, same round; snapshots and saved states read back to the same game.
struct CyclesDeterminismTests {
    /// A 4-seat round on the default grid steered by `wallAvoidingTurns`, until it ends or 5,000 ticks.
    private func playScripted(seed: UInt64, script: UInt64) -> (game: Cycles, updates: [CyclesUpdate]) {
        var game = Cycles(seats: 4, seed: seed, options: CyclesOptions())
        var random = SplitMix64(seed: script)
        var updates: [CyclesUpdate] = []
        for _ in 0..<5_000 where game.outcome == nil {
            for (seat, move) in wallAvoidingTurns(in: game, random: &random) {
                if case .success(let accepted) = game.apply(move, from: seat, nowMilliseconds: 0) { updates += accepted }
            }
            updates += game.advance(nowMilliseconds: 0)
        }
        return (game, updates)
    }

    /// Turns for riders facing a wall (toward a free side, picked at random), and now and then at random.
    private func wallAvoidingTurns(in game: Cycles, random: inout SplitMix64) -> [(Seat, CyclesMove)] {
        func isFree(_ x: Int, _ y: Int) -> Bool {
            (0..<game.options.width).contains(x) && (0..<game.options.height).contains(y) && game.wallOwner(x: x, y: y) == nil
        }
        var turns: [(Seat, CyclesMove)] = []
        for head in game.heads where game.isRiding(head.seat) {
            let ahead = isFree(head.x + head.heading.dx, head.y + head.heading.dy)
            guard !ahead || random.next(below: 12) == 0 else { continue }
            let options = random.next(below: 2) == 0 ? [CyclesMove.left, .right] : [.right, .left]
            if let move = options.first(where: {
                let heading = $0.resolved(against: head.heading)
                return isFree(head.x + heading.dx, head.y + heading.dy)
            }) {
                turns.append((head.seat, move))
            }
        }
        return turns
    }

    @Test func sameSeedAndMovesGiveIdenticalUpdates() {
        let first = playScripted(seed: 7, script: 99)
        let second = playScripted(seed: 7, script: 99)
        #expect(first.updates == second.updates)
        #expect(first.game == second.game)
        #expect(first.updates.count > 100)
    }

    @Test func differentSeedsGiveDifferentRounds() {
        #expect(playScripted(seed: 1, script: 5).updates != playScripted(seed: 2, script: 5).updates)
    }

    @Test func snapshotRoundTripsThroughGameValue() throws {
        var game = Cycles(seats: 3, seed: 11, options: .test(width: 40, height: 30))
        game.turn(0, .left)
        _ = game.run(ticks: 3)
        game.turn(0, .right)
        game.turn(1, .left)
        _ = game.run(ticks: 4)
        let snapshot = game.snapshot(nowMilliseconds: 0)
        #expect(try CyclesSnapshot(gameValue: snapshot.gameValue) == snapshot)
        #expect(snapshot.walls() == game.grid)
        #expect(snapshot.cycles[0].points.count == 8)  // spawn, two bends, head
    }

    @Test func snapshotKeepsTheTrailsOfCrashedCycles() throws {
        var game = Cycles(spawns: [spawn(0, 5, 3, .east), spawn(1, 0, 12, .east), spawn(2, 0, 14, .east)], options: .test())
        _ = game.run(ticks: 12)
        let snapshot = game.snapshot(nowMilliseconds: 0)
        #expect(snapshot.cycles[0] == CycleTrail(seat: Seat(0), isRiding: false, heading: .east, points: [5, 3, 15, 3]))
        #expect(snapshot.walls() == game.grid)
    }

    @Test func savedRoundResumesIdentically() throws {
        var played = Cycles(seats: 4, seed: 21, options: CyclesOptions())
        var random = SplitMix64(seed: 8)
        for _ in 0..<80 {
            for (seat, move) in wallAvoidingTurns(in: played, random: &random) {
                _ = played.apply(move, from: seat, nowMilliseconds: 0)
            }
            _ = played.advance(nowMilliseconds: 0)
        }
        #expect(played.outcome == nil)
        _ = played.apply(.left, from: Seat(2), nowMilliseconds: 0)  // a queued turn survives the hand-off
        var restored = try Cycles(restoring: played.savedState(nowMilliseconds: 0), nowMilliseconds: 123)
        #expect(restored == played)
        #expect(restored.run(ticks: 400) == played.run(ticks: 400))
    }

    @Test func finishedRoundSavesAndRestores() throws {
        var game = Cycles(spawns: [spawn(0, 5, 3, .east), spawn(1, 5, 12, .east)], options: .test())
        _ = game.run(ticks: 11)
        #expect(try Cycles(restoring: game.savedState(nowMilliseconds: 0), nowMilliseconds: 0) == game)
    }

    @Test func savedStateWithCrossingTrailsIsRefused() {
        let state: GameValue = [
            "options": CyclesOptions.test().gameValue,
            "snapshot": [
                "w": 16, "h": 16, "n": 3, "start": 0, "limit": 3600, "outcome": nil,
                "cycles": [
                    ["seat": 0, "riding": true, "d": 1, "trail": [2, 5, 8, 5]],
                    ["seat": 1, "riding": true, "d": 2, "trail": [5, 1, 5, 9]],
                ],
            ],
            "pending": [[], []], "out": [nil, nil], "events": 0, "moves": 0,
        ]
        #expect(throws: GameValueError.self) { try Cycles(restoring: state, nowMilliseconds: 0) }
    }
}

/// A cycle that turns in the tick it crashes keeps an exact saved state.
struct CyclesCrashTurnStateTests {
    @Test func turnTakenInTheCrashTickLeavesNoBendAndRestoresEqual() throws {
        var game = Cycles(spawns: [spawn(0, 5, 0, .east), spawn(1, 0, 12, .east), spawn(2, 0, 14, .east)], options: .test())
        _ = game.advance(nowMilliseconds: 0)
        game.turn(0, .left)  // north, off the grid at once
        #expect(game.advance(nowMilliseconds: 0).first?.tick?.crashes == [CyclesCrash(seat: Seat(0), cause: .border)])
        let snapshot = game.snapshot(nowMilliseconds: 0)
        #expect(snapshot.cycles[0] == CycleTrail(seat: Seat(0), isRiding: false, heading: .north, points: [5, 0, 6, 0]))
        #expect(try Cycles(restoring: game.savedState(nowMilliseconds: 0), nowMilliseconds: 0) == game)
    }
}
