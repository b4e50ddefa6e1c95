/// Cycles' tunables. Times are given in milliseconds and run as whole ticks of 50 ms (rounded up).
public struct CyclesOptions: GameOptions, Hashable {
    /// Grid width in cells, 16...256. Default 64.
    public var width: Int
    /// Grid height in cells, 16...256. Default 64.
    public var height: Int
    /// How long a round may ride before it ends in a draw among the survivors, 1 s...1 h. Default 3 min.
    public var roundTimeLimitMilliseconds: Int64
    /// The countdown before the cycles start moving, so players see the grid first; 0...10 s. Default 3 s.
    public var countdownMilliseconds: Int64

    /// The grid sizes accepted on each axis.
    public static let sideRange = 16...256
    /// The round time limits accepted.
    public static let roundTimeLimitRange: ClosedRange<Int64> = 1_000...3_600_000
    /// The countdowns accepted.
    public static let countdownRange: ClosedRange<Int64> = 0...10_000

    /// The defaults: 64×64, 3 minutes, 3 s countdown.
    public init() {
        self.init(width: 64, height: 64, roundTimeLimitMilliseconds: 180_000, countdownMilliseconds: 3_000)
    }

    /// Options with these values, each within its range.
    public init(width: Int, height: Int, roundTimeLimitMilliseconds: Int64, countdownMilliseconds: Int64) {
        precondition(Self.sideRange.contains(width) && Self.sideRange.contains(height), "grid size out of range")
        precondition(Self.roundTimeLimitRange.contains(roundTimeLimitMilliseconds), "round time limit out of range")
        precondition(Self.countdownRange.contains(countdownMilliseconds), "countdown out of range")
        self.width = width
        self.height = height
        self.roundTimeLimitMilliseconds = roundTimeLimitMilliseconds
        self.countdownMilliseconds = countdownMilliseconds
    }

    /// The round time limit in ticks of `Cycles.kind.tickIntervalMilliseconds`.
    public var roundTicks: Int { Self.ticks(roundTimeLimitMilliseconds) }
    /// The countdown in ticks.
    public var countdownTicks: Int { Self.ticks(countdownMilliseconds) }

    private static func ticks(_ milliseconds: Int64) -> Int {
        let tick = Cycles.tickIntervalMilliseconds
        return Int((milliseconds + tick - 1) / tick)
    }

    public var gameValue: GameValue {
        [
            "width": .int(width), "height": .int(height),
            "roundTimeLimitMilliseconds": .int(Int(roundTimeLimitMilliseconds)),
            "countdownMilliseconds": .int(Int(countdownMilliseconds)),
        ]
    }

    public init(gameValue value: GameValue) throws(GameValueError) {
        let reader = try GameValueObjectReader(value)
        try reader.rejectUnknownKeys(["width", "height", "roundTimeLimitMilliseconds", "countdownMilliseconds"])
        self.init()
        if reader.fields["width"] != nil { width = try reader.int("width", in: Self.sideRange) }
        if reader.fields["height"] != nil { height = try reader.int("height", in: Self.sideRange) }
        if reader.fields["roundTimeLimitMilliseconds"] != nil {
            roundTimeLimitMilliseconds = Int64(try reader.int("roundTimeLimitMilliseconds", in: Self.intRange(Self.roundTimeLimitRange)))
        }
        if reader.fields["countdownMilliseconds"] != nil {
            countdownMilliseconds = Int64(try reader.int("countdownMilliseconds", in: Self.intRange(Self.countdownRange)))
        }
    }

    private static func intRange(_ range: ClosedRange<Int64>) -> ClosedRange<Int> {
        Int(range.lowerBound)...Int(range.upperBound)
    }
}
