/// A player's place in one game, `0..<seatCount`; seat 0 moves first in turn-based games.
public struct Seat: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The zero-based seat number.
    public let index: Int

    /// The seat with number `index`.
    public init(_ index: Int) {
        precondition(index >= 0, "seat index must not be negative")
        self.index = index
    }

    public static func < (a: Seat, b: Seat) -> Bool { a.index < b.index }

    /// Encodes as the bare index.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(index)
    }

    /// Decodes a bare index, refusing a negative one (the memberwise default would accept it).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let index = try container.decode(Int.self)
        guard index >= 0 else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "seat index must not be negative")
        }
        self.init(index)
    }

    public var description: String { "seat \(index)" }
}
