extension Cycles {
    public func snapshot(nowMilliseconds: Int64) -> CyclesSnapshot {
        CyclesSnapshot(
            width: options.width, height: options.height, tick: tick, countdownTicks: options.countdownTicks,
            roundTicks: options.roundTicks,
            cycles: cycles.indices.map {
                CycleTrail(
                    seat: Seat($0), isRiding: cycles[$0].isRiding, heading: cycles[$0].heading,
                    points: cycles[$0].trailPoints)
            },
            outcome: outcome)
    }

    /// The snapshot plus what players are not shown: options, queued turns, elimination order and
    /// moves played. `{"options":{...},"snapshot":{...},"pending":[[1],[],...],"out":[null,1,...],
    /// "events":1,"moves":7}`
    public func savedState(nowMilliseconds: Int64) -> GameValue {
        [
            "options": options.gameValue,
            "snapshot": snapshot(nowMilliseconds: nowMilliseconds).gameValue,
            "pending": .array(cycles.map { .ints($0.pending.headings.map(\.rawValue)) }),
            "out": .array(cycles.map { $0.eliminatedAt.map(GameValue.int) ?? .null }),
            "events": .int(eliminations),
            "moves": .int(movesPlayed),
        ]
    }

    public init(restoring state: GameValue, nowMilliseconds: Int64) throws(GameValueError) {
        let reader = try GameValueObjectReader(state)
        let options = try reader.decode("options", as: CyclesOptions.self)
        let snapshot = try reader.decode("snapshot", as: CyclesSnapshot.self)
        let pending = try reader.array("pending")
        let out = try reader.array("out")
        let seats = snapshot.cycles.count
        guard Self.kind.seatRange.contains(seats), pending.count == seats, out.count == seats,
            snapshot.cycles.indices.allSatisfy({ snapshot.cycles[$0].seat == Seat($0) }),
            snapshot.width == options.width, snapshot.height == options.height,
            let grid = snapshot.walls()
        else {
            throw .invalidValue(path: "$", reason: "inconsistent Cycles state")
        }
        self.options = options
        seatCount = seats
        self.grid = grid
        tick = snapshot.tick
        outcome = snapshot.outcome
        eliminations = try reader.int("events", in: 0...seats)
        movesPlayed = try reader.int("moves", in: 0...Int.max)
        cycles = []
        for (index, trail) in snapshot.cycles.enumerated() {
            let (x, y) = trail.head
            var cycle = Cycle(x: x, y: y, heading: trail.heading)
            cycle.bends = trail.points.count > 2 ? Array(trail.points.dropLast(2)) : trail.points
            for (offset, heading) in try GameValueObjectReader.ints(pending[index], path: "$.pending[\(index)]").enumerated() {
                guard let heading = CyclesDirection(rawValue: heading), offset < Self.maxPendingTurns else {
                    throw .invalidValue(path: "$.pending[\(index)]", reason: "bad queued turn")
                }
                cycle.pending.push(heading)
            }
            cycle.eliminatedAt = out[index] == .null ? nil : try GameValueObjectReader.int(out[index], path: "$.out[\(index)]")
            guard cycle.isRiding == trail.isRiding else {
                throw .invalidValue(path: "$.out[\(index)]", reason: "disagrees with the snapshot")
            }
            cycles.append(cycle)
        }
        ridingCount = cycles.filter(\.isRiding).count
    }
}

extension GameValueObjectReader {
    /// Reads a flat array of integers.
    static func ints(_ value: GameValue, path: String) throws(GameValueError) -> [Int] {
        guard let elements = value.arrayValue else { throw .typeMismatch(path: path, expected: "array of int") }
        var ints: [Int] = []
        for element in elements { ints.append(try int(element, path: path)) }
        return ints
    }

    /// Reads an integer.
    static func int(_ value: GameValue, path: String) throws(GameValueError) -> Int {
        guard let int = value.intValue else { throw .typeMismatch(path: path, expected: "int") }
        return int
    }
}
