import Games
import Testing

/// Seeded spawns: valid for every seat count, fair, and the same for the same seed.
struct CyclesSpawnTests {
    static let sizes = [(16, 16), (17, 40), (64, 64), (100, 30), (256, 256)]

    @Test(arguments: 2...8)
    func spawnsAreDistinctCellsOnTheGrid(seats: Int) {
        for (width, height) in Self.sizes {
            let options = CyclesOptions.test(width: width, height: height)
            for seed in UInt64(0)..<25 {
                let spawns = Cycles.spawns(seats: seats, seed: seed, options: options)
                #expect(spawns.map(\.seat) == (0..<seats).map(Seat.init))
                #expect(spawns.allSatisfy { (0..<width).contains($0.x) && (0..<height).contains($0.y) })
                #expect(Set(spawns.map { $0.y * width + $0.x }).count == seats)
            }
        }
    }

    @Test(arguments: 2...8)
    func cyclesRidingStraightAllReachTheBorderFirst(seats: Int) {
        for (width, height) in Self.sizes {
            let clear = min(width / 4, height / 4)
            for seed in UInt64(0)..<25 {
                var game = Cycles(seats: seats, seed: seed, options: .test(width: width, height: height))
                _ = game.run(ticks: clear)
                #expect(game.ridingCount == seats, "\(width)×\(height), \(seats) seats, seed \(seed)")
                let crashes = game.run(ticks: max(width, height)).compactMap(\.tick).flatMap(\.crashes)
                #expect(crashes.allSatisfy { $0.cause == .border })
            }
        }
    }

    @Test(arguments: 2...8)
    func onASquareGridEveryCycleHasTheSameDistanceToTheBorder(seats: Int) {
        var game = Cycles(seats: seats, seed: UInt64(seats), options: .test(width: 64, height: 64))
        #expect(game.run(ticks: 16).count == 16)
        #expect(game.advance(nowMilliseconds: 0).last?.outcome?.reason == .allCrashed)
        #expect(game.outcome?.placements == [(0..<seats).map(Seat.init)])
    }

    @Test func twoCyclesStartPointSymmetric() {
        for seed in UInt64(0)..<50 {
            let spawns = Cycles.spawns(seats: 2, seed: seed, options: .test(width: 64, height: 64))
            let rotated = CycleHead(seat: Seat(1), x: 63 - spawns[0].x, y: 63 - spawns[0].y, heading: spawns[0].heading.reversed)
            #expect(spawns[1] == rotated)
        }
    }

    @Test func fourCyclesStartRotationSymmetric() {
        for seed in UInt64(0)..<50 {
            let spawns = Cycles.spawns(seats: 4, seed: seed, options: .test(width: 64, height: 64))
            let places = Set(spawns.map { [$0.x, $0.y, $0.heading.rawValue] })
            let quarterTurned = Set(spawns.map { [63 - $0.y, $0.x, $0.heading.turnedRight.rawValue] })
            #expect(places == quarterTurned)
        }
    }

    @Test func sameSeedGivesTheSameSpawnsAndOthersDiffer() {
        let options = CyclesOptions()
        #expect(Cycles.spawns(seats: 5, seed: 42, options: options) == Cycles.spawns(seats: 5, seed: 42, options: options))
        let layouts = Set((UInt64(0)..<20).map { Cycles.spawns(seats: 5, seed: $0, options: options) })
        #expect(layouts.count > 10)
    }
}
