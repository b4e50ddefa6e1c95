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

    public var description: String { "seat \(index)" }
}
