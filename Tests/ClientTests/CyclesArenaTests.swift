import Client
import Protocol
import Testing

/// Following a Cycles round from its snapshot and ticks.
struct CyclesArenaTests {
    private func json(_ text: String) -> JSONValue {
        (try? JSONParser.parse(text).get()) ?? .null
    }

    private let snapshot =
        #"{"w":16,"h":16,"n":0,"start":60,"limit":3600,"cycles":[{"seat":0,"riding":true,"d":1,"trail":[2,2,5,2]},{"seat":1,"riding":true,"d":3,"trail":[13,13]}],"outcome":null}"#

    @Test func snapshotTrailsBecomeWallsAndHeads() throws {
        let arena = try #require(CyclesArena(snapshot: json(snapshot)))
        #expect(arena.width == 16 && arena.height == 16)
        #expect((2...5).allSatisfy { arena.owner(x: $0, y: 2) == 0 })
        #expect(arena.owner(x: 6, y: 2) == nil)
        #expect(arena.owner(x: 13, y: 13) == 1)
        #expect(arena.heads[0] == CyclesArena.Head(x: 5, y: 2, heading: .east))
        #expect(arena.riding == [0, 1])
        #expect(arena.isCountingDown)
    }

    @Test func tickMovesHeadsAndWallsTheirNewCells() throws {
        var arena = try #require(CyclesArena(snapshot: json(snapshot)))
        let read = arena.apply(update: json(#"{"k":"tick","n":61,"h":[0,6,2,1,1,12,13,3]}"#))
        #expect(read)
        #expect(arena.owner(x: 6, y: 2) == 0)
        #expect(arena.owner(x: 12, y: 13) == 1)
        #expect(arena.heads[1]?.x == 12)
        #expect(!arena.isCountingDown)
    }

    @Test func missedTicksAreFilledAlongAStraightPath() throws {
        var arena = try #require(CyclesArena(snapshot: json(snapshot)))
        arena.apply(update: json(#"{"k":"tick","n":64,"h":[0,9,2,1]}"#))
        #expect((6...9).allSatisfy { arena.owner(x: $0, y: 2) == 0 })
    }

    @Test func crashesStopRidingAndKeepTheirCause() throws {
        var arena = try #require(CyclesArena(snapshot: json(snapshot)))
        arena.apply(update: json(#"{"k":"tick","n":61,"h":[0,6,2,1],"x":[{"seat":1,"cause":"border"}]}"#))
        #expect(arena.riding == [0])
        #expect(arena.crashes[1] == "border")
        arena.apply(update: json(#"{"k":"out","crash":{"seat":0,"cause":"forfeit"}}"#))
        #expect(arena.riding.isEmpty)
    }

    @Test func endedUpdateKeepsTheOutcome() throws {
        var arena = try #require(CyclesArena(snapshot: json(snapshot)))
        let read2 = arena.apply(update: json(#"{"k":"ended","outcome":{"result":"win","winner":1,"reason":"last_standing"}}"#))
        #expect(read2)
        #expect(arena.outcome?.winner == 1)
    }

    @Test func headsOffTheGridAreRefusedAndChangeNothing() throws {
        var arena = try #require(CyclesArena(snapshot: json(snapshot)))
        let before = arena
        let read3 = arena.apply(update: json(#"{"k":"tick","n":61,"h":[0,16,2,1]}"#))
        #expect(!read3)
        let read4 = arena.apply(update: json(#"{"k":"tick","n":61,"h":[0,1,2]}"#))
        #expect(!read4)
        let read5 = arena.apply(update: json(#"{"k":"tick","n":61,"h":[0,1,2,9]}"#))
        #expect(!read5)
        #expect(arena == before)
    }

    @Test func hostileSnapshotsAreRefused() {
        for text in [
            #"{"w":100000,"h":16,"cycles":[]}"#, #"{"w":16,"h":16,"cycles":[{"seat":0,"riding":true,"d":1,"trail":[1,1,3,3]}]}"#,
            #"{"w":16,"h":16,"cycles":[{"seat":0,"riding":true,"d":1,"trail":[1,1,99,1]}]}"#,
            #"{"w":16,"h":16,"cycles":[{"seat":0,"riding":true,"d":7,"trail":[1,1]}]}"#, "[]",
        ] {
            #expect(CyclesArena(snapshot: json(text)) == nil)
        }
    }
}
