import Client
import Games
import Protocol
import RoostBotsKit
import Testing

/// The Cycles bot steers away from borders and trails and never reverses.
struct CyclesStrategyTests {
    private var random = SplitMix64(seed: 7)

    /// A 16×16 arena from a snapshot with these cycles (`{"seat":..,"riding":..,"d":..,"trail":[..]}`).
    private func arena(_ cycles: String) -> CyclesArena {
        let text = #"{"w":16,"h":16,"n":20,"start":20,"limit":1200,"cycles":[\#(cycles)],"outcome":null}"#
        let value = try! JSONParser.parse(text).get()
        return CyclesArena(snapshot: value)!
    }

    @Test mutating func turnsAwayFromTheBorderAhead() {
        // Heading north on the top row.
        let turn = CyclesStrategy.chooseTurn(in: arena(#"{"seat":0,"riding":true,"d":0,"trail":[5,0]}"#), seat: 0, using: &random)
        #expect(turn == .east || turn == .west)
    }

    @Test mutating func keepsItsHeadingInOpenGroundMostOfTheTime() {
        var turns = 0
        for _ in 0..<200 where CyclesStrategy.chooseTurn(in: arena(#"{"seat":0,"riding":true,"d":1,"trail":[4,8]}"#), seat: 0, using: &random) != nil {
            turns += 1
        }
        // About wanderChance of the decisions (the seed is fixed, so this is not flaky).
        #expect(turns > 0 && turns < 50)
    }

    @Test mutating func turnsAwayFromATrailAhead() {
        // Heading east at (4, 8); seat 1's wall runs down column 5 from row 2 to row 14.
        let cycles = #"{"seat":0,"riding":true,"d":1,"trail":[4,8]},{"seat":1,"riding":false,"d":2,"trail":[5,2,5,14]}"#
        let turn = CyclesStrategy.chooseTurn(in: arena(cycles), seat: 0, using: &random)
        #expect(turn == .north || turn == .south)
    }

    @Test mutating func turnsTowardTheOpenSide() {
        // Heading north at (7, 8): a wall across row 7 ahead, a wall down column 6 to the west;
        // only east is open.
        let cycles = #"{"seat":0,"riding":true,"d":0,"trail":[7,8]},{"seat":1,"riding":false,"d":2,"trail":[6,0,6,15]},{"seat":2,"riding":false,"d":1,"trail":[7,7,15,7]}"#
        #expect(CyclesStrategy.chooseTurn(in: arena(cycles), seat: 0, using: &random) == .east)
    }

    @Test mutating func prefersTheLargerRegion() {
        // Heading north at (2, 8) into a wall across row 7; to the west a pocket one column wide
        // (column 1, walls down columns 0 and 2), to the east the rest of the grid.
        let cycles = #"{"seat":0,"riding":true,"d":0,"trail":[2,8]},{"seat":1,"riding":false,"d":1,"trail":[0,7,15,7]},{"seat":2,"riding":false,"d":2,"trail":[0,8,0,15]},{"seat":3,"riding":false,"d":2,"trail":[2,9,2,15]}"#
        #expect(CyclesStrategy.chooseTurn(in: arena(cycles), seat: 0, using: &random) == .east)
    }

    @Test mutating func neverAsksForTheReverseHeading() {
        for heading in 0...3 {
            let a = arena(#"{"seat":0,"riding":true,"d":\#(heading),"trail":[0,0]}"#)
            let turn = CyclesStrategy.chooseTurn(in: a, seat: 0, using: &random)
            #expect(turn?.rawValue != (heading + 2) % 4)
        }
    }

    @Test mutating func asksNothingOfACrashedCycle() {
        #expect(CyclesStrategy.chooseTurn(in: arena(#"{"seat":0,"riding":false,"d":0,"trail":[5,0]}"#), seat: 0, using: &random) == nil)
    }
}
