import Foundation
import Games
import Testing

/// Moves, updates, snapshots and outcomes written as `GameValue` read back the same, in the documented shape.
struct GameValueCodingTests {
    @Test func cyclesTickIsAFlatIntegerArray() throws {
        let tick = CyclesUpdate.tick(CyclesTick(
            tick: 5, heads: [spawn(0, 6, 3, .east), spawn(2, 1, 12, .south)],
            crashes: [CyclesCrash(seat: Seat(1), cause: .trail(Seat(0)))]))
        #expect(tick.gameValue == [
            "k": "tick", "n": 5, "h": [0, 6, 3, 1, 2, 1, 12, 2], "x": [["seat": 1, "cause": "trail", "by": 0]],
        ])
        #expect(try CyclesUpdate(gameValue: tick.gameValue) == tick)
    }

    @Test func everyCyclesUpdateRoundTrips() throws {
        let updates: [CyclesUpdate] = [
            .tick(CyclesTick(tick: 1, heads: [], crashes: [
                CyclesCrash(seat: Seat(0), cause: .border), CyclesCrash(seat: Seat(1), cause: .headOn),
            ])),
            .eliminated(CyclesCrash(seat: Seat(3), cause: .forfeit)),
            .ended(GameOutcome(verdict: .draw, reason: .timeLimit, placements: [[Seat(0), Seat(2)], [Seat(1)]])),
        ]
        for update in updates { #expect(try CyclesUpdate(gameValue: update.gameValue) == update) }
    }

    @Test func everyConnectFourUpdateRoundTrips() throws {
        let updates: [ConnectFourUpdate] = [
            .placed(seat: Seat(1), column: 6, row: 5), .turn(seat: Seat(0), remainingMilliseconds: 1_500),
            .turn(seat: Seat(1), remainingMilliseconds: nil), .timedOut(Seat(0)), .forfeited(Seat(1)),
            .ended(GameOutcome(verdict: .aborted, reason: .aborted, placements: [])),
            .ended(.win(Seat(1), reason: .outOfTime, rest: [[Seat(0)]])),
        ]
        for update in updates { #expect(try ConnectFourUpdate(gameValue: update.gameValue) == update) }
    }

    @Test func movesRoundTrip() throws {
        for move in [CyclesMove.left, .right] + CyclesDirection.allCases.map(CyclesMove.face) {
            #expect(try CyclesMove(gameValue: move.gameValue) == move)
        }
        #expect(CyclesMove.face(.west).gameValue == "west")
        #expect(try ConnectFourMove(gameValue: 4) == ConnectFourMove(column: 4))
        #expect(throws: GameValueError.self) { try CyclesMove(gameValue: "backwards") }
    }

    @Test func connectFourSnapshotRoundTrips() throws {
        var game = ConnectFour(options: ConnectFourOptions(moveClockMilliseconds: 10_000))
        for (index, column) in [3, 3, 2].enumerated() {
            _ = game.apply(ConnectFourMove(column: column), from: Seat(index % 2), nowMilliseconds: 100)
        }
        let snapshot = game.snapshot(nowMilliseconds: 4_100)
        #expect(snapshot.gameValue == ["moves": [3, 3, 2], "turn": 1, "remaining": 6_000, "clock": 10_000, "outcome": nil])
        #expect(try ConnectFourSnapshot(gameValue: snapshot.gameValue) == snapshot)
    }

    @Test func corruptValuesAreRefusedWithTheirPath() {
        #expect(throws: GameValueError.missingKey(path: "$.n")) {
            try CyclesUpdate(gameValue: ["k": "tick", "h": []])
        }
        #expect(throws: GameValueError.typeMismatch(path: "$.h[1]", expected: "int")) {
            try CyclesUpdate(gameValue: ["k": "tick", "n": 1, "h": [0, "x", 0, 0]])
        }
        #expect(throws: GameValueError.self) { try CyclesUpdate(gameValue: ["k": "tick", "n": 1, "h": [0, 1, 2]]) }
        #expect(throws: GameValueError.self) { try GameOutcome(gameValue: ["result": "win", "winner": 1, "reason": "forfeit", "placements": [[0], [1]]]) }
        #expect(throws: GameValueError.unknownKey(path: "$.clock")) { try ConnectFourOptions(gameValue: ["clock": 5]) }
    }

    @Test func descriptionSortsObjectKeys() {
        let value: GameValue = ["b": [1, true, nil], "a": "x"]
        #expect(value.description == #"{"a":"x","b":[1,true,null]}"#)
    }

    @Test func endReasonCodesAreDistinct() {
        #expect(Set(GameEndReason.allCases.map(\.code)).count == GameEndReason.allCases.count)
    }
}

/// `Seat` through `Codable` (what tests and tools with Foundation use) is its bare index.
struct SeatCodableTests {
    @Test func seatEncodesAsItsIndexAndRefusesNegativeOnes() throws {
        let data = try JSONEncoder().encode([Seat(3)])
        #expect(String(decoding: data, as: UTF8.self) == "[3]")
        #expect(try JSONDecoder().decode([Seat].self, from: data) == [Seat(3)])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Seat].self, from: Data("[-1]".utf8)) }
    }
}
