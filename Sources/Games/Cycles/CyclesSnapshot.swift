/// One cycle's trail as a polyline: its spawn cell, each cell where it turned, and its head last.
public struct CycleTrail: Hashable, Sendable {
    /// The cycle's seat.
    public var seat: Seat
    /// Whether it is still riding.
    public var isRiding: Bool
    /// Its heading.
    public var heading: CyclesDirection
    /// Flat `x, y` pairs: spawn, turn points, head. Every cell between two consecutive points is wall.
    public var points: [Int]

    /// A trail.
    public init(seat: Seat, isRiding: Bool, heading: CyclesDirection, points: [Int]) {
        self.seat = seat
        self.isRiding = isRiding
        self.heading = heading
        self.points = points
    }

    /// Where the head is: the last point.
    public var head: (x: Int, y: Int) { (points[points.count - 2], points[points.count - 1]) }
}

/// What a (re)joining Cycles player or spectator needs: the grid's size, where the round is, and every
/// trail as a polyline (a few points per cycle, however long the trail).
///
/// `{"w":64,"h":64,"n":812,"start":60,"limit":3600,"cycles":[{"seat":0,"riding":true,"d":1,
/// "trail":[16,16,40,16,40,30]}, ...],"outcome":null}`
public struct CyclesSnapshot: Hashable, Sendable, GameValueCodable {
    /// Grid width in cells.
    public var width: Int
    /// Grid height in cells.
    public var height: Int
    /// Ticks so far (countdown included).
    public var tick: Int
    /// Countdown ticks: the cycles first move at tick `countdownTicks + 1`.
    public var countdownTicks: Int
    /// Movement ticks before the time limit ends the round.
    public var roundTicks: Int
    /// Every seat's cycle, by seat.
    public var cycles: [CycleTrail]
    /// How the round ended, or `nil` while it runs.
    public var outcome: GameOutcome?

    /// A snapshot.
    public init(
        width: Int, height: Int, tick: Int, countdownTicks: Int, roundTicks: Int, cycles: [CycleTrail],
        outcome: GameOutcome?
    ) {
        self.width = width
        self.height = height
        self.tick = tick
        self.countdownTicks = countdownTicks
        self.roundTicks = roundTicks
        self.cycles = cycles
        self.outcome = outcome
    }

    /// The walls as a row-major grid of owner seat + 1 (0: empty), or `nil` when a trail leaves the grid,
    /// bends diagonally or crosses a wall (a corrupt or hostile snapshot).
    public func walls() -> [UInt8]? {
        guard CyclesOptions.sideRange.contains(width), CyclesOptions.sideRange.contains(height) else { return nil }
        var grid = [UInt8](repeating: 0, count: width * height)
        for cycle in cycles {
            guard cycle.seat.index < 255, cycle.points.count >= 2, cycle.points.count % 2 == 0 else { return nil }
            let owner = UInt8(cycle.seat.index + 1)
            var x = cycle.points[0]
            var y = cycle.points[1]
            guard (0..<width).contains(x), (0..<height).contains(y), grid[y * width + x] == 0 else { return nil }
            grid[y * width + x] = owner
            for point in stride(from: 2, to: cycle.points.count, by: 2) {
                let (toX, toY) = (cycle.points[point], cycle.points[point + 1])
                guard (0..<width).contains(toX), (0..<height).contains(toY), toX == x || toY == y else { return nil }
                while x != toX || y != toY {
                    x += (toX > x ? 1 : toX < x ? -1 : 0)
                    y += (toY > y ? 1 : toY < y ? -1 : 0)
                    guard grid[y * width + x] == 0 else { return nil }
                    grid[y * width + x] = owner
                }
            }
        }
        return grid
    }

    public var gameValue: GameValue {
        let trails: [GameValue] = cycles.map {
            ["seat": $0.seat.gameValue, "riding": .bool($0.isRiding), "d": .int($0.heading.rawValue), "trail": .ints($0.points)]
        }
        return [
            "w": .int(width), "h": .int(height), "n": .int(tick), "start": .int(countdownTicks),
            "limit": .int(roundTicks), "cycles": .array(trails), "outcome": outcome?.gameValue ?? .null,
        ]
    }

    public init(gameValue value: GameValue) throws(GameValueError) {
        let reader = try GameValueObjectReader(value)
        var cycles: [CycleTrail] = []
        for (index, element) in try reader.array("cycles").enumerated() {
            let cycle = try GameValueObjectReader(element, path: "$.cycles[\(index)]")
            guard let heading = CyclesDirection(rawValue: try cycle.int("d")) else {
                throw .invalidValue(path: "\(cycle.path).d", reason: "unknown heading")
            }
            let points = try cycle.ints("trail")
            guard points.count >= 2, points.count % 2 == 0 else {
                throw .invalidValue(path: "\(cycle.path).trail", reason: "expected x, y pairs")
            }
            cycles.append(
                CycleTrail(seat: try cycle.decode("seat"), isRiding: try cycle.bool("riding"), heading: heading, points: points))
        }
        self.init(
            width: try reader.int("w", in: CyclesOptions.sideRange), height: try reader.int("h", in: CyclesOptions.sideRange),
            tick: try reader.int("n", in: 0...Int(Int32.max)), countdownTicks: try reader.int("start", in: 0...Int(Int32.max)),
            roundTicks: try reader.int("limit", in: 1...Int(Int32.max)), cycles: cycles,
            outcome: try reader.decodeIfPresent("outcome"))
    }
}
