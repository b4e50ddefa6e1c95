import Games
import Testing

/// Creating, driving and restoring games by kind name through `AnyGame`.
struct RegistryTests {
    private let registry = GameRegistry.standard

    @Test func bothGamesAreRegistered() {
        #expect(registry.kinds.map(\.rawValue) == ["connect4", "cycles"])
        #expect(registry.kind(named: "connect4") == .connectFour)
        #expect(registry.kind(named: "cycles")?.tickIntervalMilliseconds == 50)
        #expect(registry.kind(named: "cycles")?.seatRange == 2...8)
        #expect(registry.kind(named: "connect4")?.isRealTime == false)
    }

    @Test func gameIsCreatedByItsKindName() throws {
        var game = try registry.makeGame(kind: "connect4", seats: 2, seed: 1, nowMilliseconds: 0).get()
        #expect(game.kind == .connectFour)
        #expect(game.nextDeadlineMilliseconds == 30_000)
        let updates = try game.apply(3, from: Seat(0), nowMilliseconds: 10).get()
        #expect(updates == [
            ["k": "placed", "seat": 0, "column": 3, "row": 0], ["k": "turn", "seat": 1, "remaining": 30_000],
        ])
        #expect(game.typed(ConnectFour.self)?.board.height(ofColumn: 3) == 1)
        #expect(game.typed(Cycles.self) == nil)
    }

    @Test func unknownKindIsRefused() {
        let result = registry.makeGame(kind: "chess", seats: 2, seed: 1, nowMilliseconds: 0)
        #expect(result.failure == .unknownKind("chess"))
        #expect(result.failure?.code == "unknown_kind")
    }

    @Test(arguments: [("connect4", 3), ("connect4", 1), ("cycles", 1), ("cycles", 9)])
    func seatCountOutsideTheKindsRangeIsRefused(kind: String, seats: Int) {
        let result = registry.makeGame(kind: kind, seats: seats, seed: 1, nowMilliseconds: 0)
        #expect(result.failure?.code == "bad_seat_count")
    }

    @Test func optionsAreReadWithDefaultsForMissingKeys() throws {
        let game = try registry.makeGame(kind: "cycles", seats: 3, seed: 1, options: ["width": 32], nowMilliseconds: 0).get()
        #expect(game.typed(Cycles.self)?.options == CyclesOptions(
            width: 32, height: 64, roundTimeLimitMilliseconds: 180_000, countdownMilliseconds: 3_000))
        #expect(try registry.resolveOptions(kind: "connect4", .null).get() == ["moveClockMilliseconds": 30_000])
        #expect(try registry.resolveOptions(kind: "connect4", ["moveClockMilliseconds": nil]).get() == ["moveClockMilliseconds": nil])
    }

    @Test(arguments: [
        GameValue.object(["widht": 32]), ["width": 8], ["width": "wide"], ["countdownMilliseconds": -1], [1, 2],
    ])
    func badOptionsAreRefused(options: GameValue) {
        let result = registry.makeGame(kind: "cycles", seats: 2, seed: 1, options: options, nowMilliseconds: 0)
        #expect(result.failure?.code == "invalid_options")
    }

    @Test(arguments: [GameValue.string("3"), .null, ["column": 3], .int(3)])
    func moveOfTheWrongShapeIsMalformed(move: GameValue) throws {
        var game = try registry.makeGame(kind: "cycles", seats: 2, seed: 1, nowMilliseconds: 0).get()
        let result = game.apply(move, from: Seat(0), nowMilliseconds: 0)
        #expect(result.failure?.code == "malformed_move")
    }

    @Test func cyclesIsDrivenByTicksThroughAnyGame() throws {
        var game = try registry.makeGame(
            kind: "cycles", seats: 2, seed: 5, options: ["countdownMilliseconds": 0], nowMilliseconds: 0
        ).get()
        #expect(game.nextDeadlineMilliseconds == nil)
        #expect(try game.apply("left", from: Seat(1), nowMilliseconds: 0).get() == [])
        let tick = try #require(game.advance(nowMilliseconds: 50).first)
        #expect(tick["k"] == "tick")
        #expect(tick["n"] == 1)
        #expect(tick["h"]?.arrayValue?.count == 8)
        #expect(tick["x"] == nil)
        #expect(game.movesPlayed == 1)
    }

    @Test func savedGameIsRestoredByTheRegistry() throws {
        var game = try registry.makeGame(kind: "connect4", seats: 2, seed: 1, nowMilliseconds: 0).get()
        _ = game.apply(4, from: Seat(0), nowMilliseconds: 1_000)
        let saved = game.savedState(nowMilliseconds: 2_000)
        let restored = try registry.restoreGame(from: saved, nowMilliseconds: 100_000).get()
        #expect(restored.typed(ConnectFour.self)?.moves == [4])
        #expect(restored.nextDeadlineMilliseconds == 129_000)
        #expect(restored.snapshot(nowMilliseconds: 100_000) == game.snapshot(nowMilliseconds: 2_000))
    }

    @Test func savedStateOfAnUnknownKindIsRefused() {
        let result = registry.restoreGame(from: ["kind": "chess", "state": [:]], nowMilliseconds: 0)
        #expect(result.failure == .unknownKind("chess"))
        #expect(registry.restoreGame(from: ["kind": "cycles", "state": [:]], nowMilliseconds: 0).failure?.code == "invalid_state")
    }

    @Test func finishedGameReportsItsOutcome() throws {
        var game = try registry.makeGame(kind: "connect4", seats: 2, seed: 1, nowMilliseconds: 0).get()
        let ended = game.forfeit(Seat(1), nowMilliseconds: 0)
        #expect(ended.last == [
            "k": "ended",
            "outcome": ["result": "win", "winner": 0, "reason": "forfeit", "placements": [[0], [1]]],
        ])
        #expect(game.outcome?.winner == Seat(0))
        #expect(game.abort() == [])
    }
}
