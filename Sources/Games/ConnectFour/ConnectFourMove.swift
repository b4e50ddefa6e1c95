/// A Connect Four move: drop a disc into a column, 0 (left) to 6 (right). On the wire: the column number.
public struct ConnectFourMove: Hashable, Sendable, GameValueCodable {
    /// The column, checked against the board by `ConnectFour.apply`.
    public let column: Int

    /// A drop into `column`.
    public init(column: Int) { self.column = column }

    public var gameValue: GameValue { .int(column) }

    public init(gameValue value: GameValue) throws(GameValueError) {
        guard let column = value.intValue else { throw .typeMismatch(path: "$", expected: "column number") }
        self.init(column: column)
    }
}
