/// A JSON-like value: what moves, updates, snapshots, options and saved states are made of.
///
/// Games speak only this type; the Protocol layer maps it to and from JSON (or a binary encoding)
/// without knowing any game. Numbers are integers only: every quantity in the games is whole (cells,
/// columns, milliseconds, ticks), and integers keep the encoding exact and deterministic.
public enum GameValue: Hashable, Sendable {
    /// JSON `null`.
    case null
    /// JSON `true` / `false`.
    case bool(Bool)
    /// A JSON number without fraction or exponent that fits in `Int`.
    case int(Int)
    /// A JSON string.
    case string(String)
    /// A JSON array.
    case array([GameValue])
    /// A JSON object; key order carries no meaning.
    case object([String: GameValue])
}

extension GameValue {
    /// The value of `key` when this is an object holding it.
    public subscript(key: String) -> GameValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    /// The integer, when this is `.int`.
    public var intValue: Int? {
        if case .int(let value) = self { return value }
        return nil
    }

    /// The string, when this is `.string`.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The Boolean, when this is `.bool`.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The elements, when this is `.array`.
    public var arrayValue: [GameValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The fields, when this is `.object`.
    public var objectValue: [String: GameValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// Whether this is `.null`.
    public var isNull: Bool { self == .null }

    /// A flat array of integers, the compact form for coordinates and cell lists.
    public static func ints<S: Sequence>(_ values: S) -> GameValue where S.Element: BinaryInteger {
        .array(values.map { .int(Int($0)) })
    }
}

extension GameValue: CustomStringConvertible {
    /// A compact JSON-like rendering with sorted keys, for logs of ids and tests (never of payloads).
    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .string(let value): "\"\(value)\""
        case .array(let values): "[" + values.map(\.description).joined(separator: ",") + "]"
        case .object(let fields):
            "{" + fields.keys.sorted().map { "\"\($0)\":\(fields[$0]!.description)" }.joined(separator: ",") + "}"
        }
    }
}

extension GameValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: GameValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, GameValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
