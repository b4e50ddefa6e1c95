/// Connect Four's tunables.
public struct ConnectFourOptions: GameOptions, Hashable {
    /// The time each player has for one move; `nil` plays without a clock. Default 30 s.
    public var moveClockMilliseconds: Int64?

    /// The shortest and longest move clocks accepted: 1 s to 1 day.
    public static let moveClockRange: ClosedRange<Int64> = 1_000...86_400_000

    /// The defaults: a 30 s move clock.
    public init() { moveClockMilliseconds = 30_000 }

    /// Options with the given move clock (`nil`: untimed).
    public init(moveClockMilliseconds: Int64?) {
        precondition(moveClockMilliseconds.map(Self.moveClockRange.contains) ?? true, "move clock out of range")
        self.moveClockMilliseconds = moveClockMilliseconds
    }

    /// `{"moveClockMilliseconds": 30000}`, or `null` for untimed.
    public var gameValue: GameValue {
        ["moveClockMilliseconds": moveClockMilliseconds.map { .int(Int($0)) } ?? .null]
    }

    public init(gameValue value: GameValue) throws(GameValueError) {
        let reader = try GameValueObjectReader(value)
        try reader.rejectUnknownKeys(["moveClockMilliseconds"])
        self.init()
        if reader.fields["moveClockMilliseconds"] != nil {
            let range = Int(Self.moveClockRange.lowerBound)...Int(Self.moveClockRange.upperBound)
            if let clock = try reader.optionalInt("moveClockMilliseconds") {
                guard range.contains(clock) else {
                    throw .invalidValue(path: "$.moveClockMilliseconds", reason: "must lie in 1000...86400000")
                }
                moveClockMilliseconds = Int64(clock)
            } else {
                moveClockMilliseconds = nil
            }
        }
    }
}
