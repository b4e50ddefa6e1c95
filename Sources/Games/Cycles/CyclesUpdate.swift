/// Where one riding cycle's head is after a tick.
public struct CycleHead: Hashable, Sendable {
    /// The cycle's seat.
    public var seat: Seat
    /// Column, 0 at the west border.
    public var x: Int
    /// Row, 0 at the north border.
    public var y: Int
    /// The heading it moved in.
    public var heading: CyclesDirection

    /// A head at `x`, `y`.
    public init(seat: Seat, x: Int, y: Int, heading: CyclesDirection) {
        self.seat = seat
        self.x = x
        self.y = y
        self.heading = heading
    }
}

/// Why a cycle left the round.
public enum CrashCause: Hashable, Sendable {
    /// It rode into the border.
    case border
    /// It rode into a wall of `Seat`'s trail (possibly its own).
    case trail(Seat)
    /// It and at least one other cycle rode into the same cell in the same tick.
    case headOn
    /// Its player resigned or left.
    case forfeit

    /// The stable wire name.
    public var code: String {
        switch self {
        case .border: "border"
        case .trail: "trail"
        case .headOn: "head_on"
        case .forfeit: "forfeit"
        }
    }
}

/// A cycle leaving the round, and why.
public struct CyclesCrash: Hashable, Sendable, GameValueCodable {
    /// The seat whose cycle crashed.
    public var seat: Seat
    /// Why.
    public var cause: CrashCause

    /// A crash of `seat`'s cycle.
    public init(seat: Seat, cause: CrashCause) {
        self.seat = seat
        self.cause = cause
    }

    /// `{"seat":1,"cause":"trail","by":0}`; `by` only for `trail`. Crashes are rare, so readable.
    public var gameValue: GameValue {
        if case .trail(let owner) = cause {
            return ["seat": seat.gameValue, "cause": .string(cause.code), "by": owner.gameValue]
        }
        return ["seat": seat.gameValue, "cause": .string(cause.code)]
    }

    public init(gameValue value: GameValue) throws(GameValueError) {
        let reader = try GameValueObjectReader(value)
        let seat = try reader.decode("seat", as: Seat.self)
        let cause: CrashCause
        switch try reader.string("cause") {
        case "border": cause = .border
        case "trail": cause = .trail(try reader.decode("by"))
        case "head_on": cause = .headOn
        case "forfeit": cause = .forfeit
        default: throw .invalidValue(path: "$.cause", reason: "unknown crash cause")
        }
        self.init(seat: seat, cause: cause)
    }
}

/// One movement tick: every riding cycle's head and the crashes of this tick.
///
/// On the wire: `{"k":"tick","n":61,"h":[seat,x,y,heading, ...],"x":[crash, ...]}`, heads as one flat
/// array of four integers per riding cycle (heading as `CyclesDirection.rawValue`), `"x"` left out
/// when nobody crashed. A 4-cycle tick is about 60 bytes of JSON.
public struct CyclesTick: Hashable, Sendable {
    /// The tick number, counting from 1 at the first `advance` (countdown ticks included).
    public var tick: Int
    /// The cycles still riding after this tick, by seat.
    public var heads: [CycleHead]
    /// The cycles that crashed in this tick, by seat; they stay where they were before the tick.
    public var crashes: [CyclesCrash]

    /// A tick.
    public init(tick: Int, heads: [CycleHead], crashes: [CyclesCrash]) {
        self.tick = tick
        self.heads = heads
        self.crashes = crashes
    }
}

/// What Cycles tells players and spectators. On the wire an object whose `"k"` names the case.
public enum CyclesUpdate: Hashable, Sendable {
    /// A movement tick. Countdown ticks send nothing.
    case tick(CyclesTick)
    /// A cycle left between ticks (its player forfeited). `{"k":"out","crash":{...}}`
    case eliminated(CyclesCrash)
    /// The round is over. `{"k":"ended","outcome":{...}}`
    case ended(GameOutcome)
}

extension CyclesUpdate: GameValueCodable {
    public var gameValue: GameValue {
        switch self {
        case .tick(let tick):
            var heads: [GameValue] = []
            heads.reserveCapacity(tick.heads.count * 4)
            for head in tick.heads {
                heads.append(.int(head.seat.index))
                heads.append(.int(head.x))
                heads.append(.int(head.y))
                heads.append(.int(head.heading.rawValue))
            }
            var fields: [String: GameValue] = ["k": "tick", "n": .int(tick.tick), "h": .array(heads)]
            if !tick.crashes.isEmpty { fields["x"] = .array(tick.crashes.map(\.gameValue)) }
            return .object(fields)
        case .eliminated(let crash):
            return ["k": "out", "crash": crash.gameValue]
        case .ended(let outcome):
            return ["k": "ended", "outcome": outcome.gameValue]
        }
    }

    public init(gameValue value: GameValue) throws(GameValueError) {
        let reader = try GameValueObjectReader(value)
        switch try reader.string("k") {
        case "tick":
            let flat = try reader.ints("h")
            guard flat.count % 4 == 0 else { throw .invalidValue(path: "$.h", reason: "expected 4 integers per head") }
            var heads: [CycleHead] = []
            for start in stride(from: 0, to: flat.count, by: 4) {
                guard (0..<256).contains(flat[start]), let heading = CyclesDirection(rawValue: flat[start + 3]) else {
                    throw .invalidValue(path: "$.h[\(start)]", reason: "bad seat or heading")
                }
                heads.append(CycleHead(seat: Seat(flat[start]), x: flat[start + 1], y: flat[start + 2], heading: heading))
            }
            let crashes = reader.fields["x"] == nil ? [] : try reader.decodeArray("x", of: CyclesCrash.self)
            self = .tick(CyclesTick(tick: try reader.int("n"), heads: heads, crashes: crashes))
        case "out": self = .eliminated(try reader.decode("crash"))
        case "ended": self = .ended(try reader.decode("outcome"))
        default: throw .invalidValue(path: "$.k", reason: "unknown Cycles update")
        }
    }
}
