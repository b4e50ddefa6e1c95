import Protocol

/// A Cycles round as a client follows it: the walls, where each cycle's head is, who still
/// rides, built from a `snapshot` and moved on by each tick update. Pure and forgiving like
/// `ConnectFourPosition`: what it cannot read it refuses, changing nothing.
///
/// Payloads (the Games module's Cycles): snapshot `{"w":64,"h":64,"n":812,"start":60,
/// "limit":3600,"cycles":[{"seat":0,"riding":true,"d":1,"trail":[16,16,40,16,40,30]}],
/// "outcome":null}` (trails as polylines); updates `{"k":"tick","n":61,"h":[seat,x,y,heading,...],
/// "x":[{"seat":1,"cause":"trail","by":0}]}`, `{"k":"out","crash":{...}}`, `{"k":"ended",...}`.
public struct CyclesArena: Hashable, Sendable {
    /// A compass heading; x grows east, y grows south.
    public enum Heading: Int, Hashable, Sendable, CaseIterable {
        case north = 0, east, south, west

        /// The wire name of a move that turns this way: `"north"`, ...
        public var name: String {
            switch self {
            case .north: "north"
            case .east: "east"
            case .south: "south"
            case .west: "west"
            }
        }

        /// The opposite heading (a turn the rules refuse).
        public var reversed: Heading { Heading(rawValue: (rawValue + 2) % 4)! }
    }

    /// A cycle's head.
    public struct Head: Hashable, Sendable {
        /// Column, 0 at the west border.
        public var x: Int
        /// Row, 0 at the north border.
        public var y: Int
        /// Where it is heading.
        public var heading: Heading

        /// A head at `x`, `y` heading `heading`.
        public init(x: Int, y: Int, heading: Heading) {
            self.x = x
            self.y = y
            self.heading = heading
        }
    }

    /// The grid sizes a client accepts (the rules allow 16…256 a side).
    public static let sideRange = 16...256

    /// Grid width in cells.
    public private(set) var width: Int
    /// Grid height in cells.
    public private(set) var height: Int
    /// Walls, row-major: owner seat + 1, 0 when empty.
    public private(set) var walls: [UInt8]
    /// Each cycle's head, by seat.
    public private(set) var heads: [Int: Head] = [:]
    /// The seats still riding.
    public private(set) var riding: Set<Int> = []
    /// Why each crashed seat crashed (`border`, `trail`, `head_on`, `forfeit`).
    public private(set) var crashes: [Int: String] = [:]
    /// The last tick seen (countdown ticks included).
    public private(set) var tick: Int
    /// Countdown ticks: the cycles first move at tick `countdownTicks + 1`.
    public private(set) var countdownTicks: Int
    /// Movement ticks before the round ends by time.
    public private(set) var roundTicks: Int
    /// How the round ended, once it has.
    public private(set) var outcome: GameResultSummary?

    /// The round in `snapshot`; `nil` when it is not a readable Cycles snapshot.
    public init?(snapshot: JSONValue) {
        guard let width = snapshot["w"]?.int(in: Self.sideRange), let height = snapshot["h"]?.int(in: Self.sideRange),
            let cycles = snapshot["cycles"]?.arrayValue, cycles.count <= 64
        else { return nil }
        self.width = width
        self.height = height
        walls = Array(repeating: 0, count: width * height)
        tick = snapshot["n"]?.int(in: 0...Int(Int32.max)) ?? 0
        countdownTicks = snapshot["start"]?.int(in: 0...Int(Int32.max)) ?? 0
        roundTicks = snapshot["limit"]?.int(in: 1...Int(Int32.max)) ?? 1
        for cycle in cycles {
            guard let seat = cycle["seat"]?.int(in: 0...63), let points = cycle["trail"]?.arrayValue,
                let heading = cycle["d"]?.int(in: 0...3).flatMap(Heading.init(rawValue:)),
                points.count >= 2, points.count % 2 == 0
            else { return nil }
            let coordinates = points.compactMap { $0.int(in: 0...255) }
            guard coordinates.count == points.count, paint(trail: coordinates, seat: seat) else { return nil }
            heads[seat] = Head(x: coordinates[coordinates.count - 2], y: coordinates[coordinates.count - 1], heading: heading)
            if cycle["riding"]?.boolValue ?? false { riding.insert(seat) }
        }
        if let outcome = snapshot["outcome"], !outcome.isNull { self.outcome = GameResultSummary(outcome) }
    }

    /// The seat whose wall is at `x`, `y`, if any.
    public func owner(x: Int, y: Int) -> Int? {
        guard (0..<width).contains(x), (0..<height).contains(y) else { return nil }
        let cell = walls[y * width + x]
        return cell == 0 ? nil : Int(cell) - 1
    }

    /// Whether the countdown still runs (the cycles have not moved yet).
    public var isCountingDown: Bool { tick < countdownTicks && outcome == nil }

    /// Seconds left in the countdown, rounded up (ticks are 50 ms).
    public var countdownSecondsLeft: Int { max(0, (countdownTicks - tick + 19) / 20) }

    /// Applies one update; false when it is not a readable Cycles update (nothing changes).
    @discardableResult
    public mutating func apply(update: JSONValue) -> Bool {
        switch update["k"]?.stringValue {
        case "tick":
            guard let n = update["n"]?.int(in: 0...Int(Int32.max)), let flat = update["h"]?.arrayValue, flat.count % 4 == 0
            else { return false }
            let numbers = flat.compactMap { $0.int(in: 0...255) }
            guard numbers.count == flat.count else { return false }
            var moved: [(Int, Head)] = []
            for start in stride(from: 0, to: numbers.count, by: 4) {
                let (seat, x, y) = (numbers[start], numbers[start + 1], numbers[start + 2])
                guard seat < 64, x < width, y < height, let heading = Heading(rawValue: numbers[start + 3]) else { return false }
                moved.append((seat, Head(x: x, y: y, heading: heading)))
            }
            let crashed = update["x"]?.arrayValue ?? []
            tick = n
            for (seat, head) in moved { advance(seat: seat, to: head) }
            for crash in crashed { record(crash: crash) }
        case "out":
            guard let crash = update["crash"], record(crash: crash) else { return false }
        case "ended":
            guard let outcome = update["outcome"].flatMap(GameResultSummary.init) else { return false }
            self.outcome = outcome
        default:
            return false
        }
        return true
    }

    /// Moves `seat`'s head, walling every cell from the old head to the new one (one cell per
    /// tick normally; more if ticks were missed, when the path is a straight line).
    private mutating func advance(seat: Int, to head: Head) {
        if let old = heads[seat], old.x == head.x || old.y == head.y {
            _ = paint(trail: [old.x, old.y, head.x, head.y], seat: seat)
        } else {
            walls[head.y * width + head.x] = UInt8(seat + 1)
        }
        heads[seat] = head
        riding.insert(seat)
    }

    @discardableResult
    private mutating func record(crash: JSONValue) -> Bool {
        guard let seat = crash["seat"]?.int(in: 0...63) else { return false }
        riding.remove(seat)
        crashes[seat] = crash["cause"]?.stringValue ?? "crash"
        return true
    }

    /// Walls the polyline `points` (x, y pairs) for `seat`; false when it leaves the grid or bends
    /// diagonally.
    private mutating func paint(trail points: [Int], seat: Int) -> Bool {
        var x = points[0]
        var y = points[1]
        guard x < width, y < height else { return false }
        walls[y * width + x] = UInt8(seat + 1)
        for index in stride(from: 2, to: points.count, by: 2) {
            let (toX, toY) = (points[index], points[index + 1])
            guard toX < width, toY < height, toX == x || toY == y else { return false }
            while x != toX || y != toY {
                x += toX > x ? 1 : (toX < x ? -1 : 0)
                y += toY > y ? 1 : (toY < y ? -1 : 0)
                walls[y * width + x] = UInt8(seat + 1)
            }
        }
        return true
    }
}
