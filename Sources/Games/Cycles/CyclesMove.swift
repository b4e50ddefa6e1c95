/// A compass heading on the grid: x grows east, y grows south, (0, 0) is the north-west corner.
/// On the wire, in moves, its name; in tick updates, its raw value.
public enum CyclesDirection: Int, Hashable, Sendable, CaseIterable {
    /// Toward y = 0.
    case north = 0
    /// Toward x = width - 1.
    case east = 1
    /// Toward y = height - 1.
    case south = 2
    /// Toward x = 0.
    case west = 3

    /// The heading after a quarter turn counterclockwise.
    public var turnedLeft: CyclesDirection { CyclesDirection(rawValue: (rawValue + 3) & 3)! }
    /// The heading after a quarter turn clockwise.
    public var turnedRight: CyclesDirection { CyclesDirection(rawValue: (rawValue + 1) & 3)! }
    /// The opposite heading.
    public var reversed: CyclesDirection { CyclesDirection(rawValue: (rawValue + 2) & 3)! }

    /// The step in x of one move.
    public var dx: Int { self == .east ? 1 : self == .west ? -1 : 0 }
    /// The step in y of one move.
    public var dy: Int { self == .south ? 1 : self == .north ? -1 : 0 }

    /// `"north"`, `"east"`, `"south"` or `"west"`.
    public var name: String {
        switch self {
        case .north: "north"
        case .east: "east"
        case .south: "south"
        case .west: "west"
        }
    }

    /// The heading called `name`.
    public init?(name: String) {
        guard let direction = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = direction
    }
}

/// A Cycles move: a turn. On the wire a string: `"left"`, `"right"` (relative to the heading) or a
/// compass heading `"north"`, `"east"`, `"south"`, `"west"` (absolute; reversing is illegal).
public enum CyclesMove: Hashable, Sendable, GameValueCodable {
    /// A quarter turn counterclockwise.
    case left
    /// A quarter turn clockwise.
    case right
    /// Head this way.
    case face(CyclesDirection)

    public var gameValue: GameValue {
        switch self {
        case .left: "left"
        case .right: "right"
        case .face(let direction): .string(direction.name)
        }
    }

    public init(gameValue value: GameValue) throws(GameValueError) {
        guard let name = value.stringValue else { throw .typeMismatch(path: "$", expected: "turn name") }
        switch name {
        case "left": self = .left
        case "right": self = .right
        default:
            guard let direction = CyclesDirection(name: name) else {
                throw .invalidValue(path: "$", reason: "expected left, right, north, east, south or west")
            }
            self = .face(direction)
        }
    }

    /// The heading this move asks for when the cycle will be heading `heading`.
    public func resolved(against heading: CyclesDirection) -> CyclesDirection {
        switch self {
        case .left: heading.turnedLeft
        case .right: heading.turnedRight
        case .face(let direction): direction
        }
    }
}
