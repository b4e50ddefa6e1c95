/// A JSON value (RFC 8259) as the protocol carries it: the envelope's fields, and game-specific
/// payloads (moves, options, updates, snapshots, outcomes) that this module passes through untouched.
///
/// Numbers keep their kind: a literal without fraction or exponent that fits in `Int64` is `.int`,
/// every other number is `.double` (so `3` and `3.0` are different values, and both survive a round
/// trip through `JSONParser` and `JSONWriter`). The parser never produces a non-finite double.
public enum JSONValue: Hashable, Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number written without fraction or exponent that fits in `Int64`.
    case int(Int64)
    /// Any other number: with a fraction or exponent, or an integer beyond `Int64`.
    case double(Double)
    /// A string (any Unicode text; the parser has checked its UTF-8 and escapes).
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object: members in the order written, keys unique.
    case object(JSONObject)
}

extension JSONValue {
    /// The member `key` when this is an object holding it.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// The integer, when this is `.int`.
    public var intValue: Int64? {
        if case .int(let value) = self { return value }
        return nil
    }

    /// The number as a `Double`, when this is `.int` or `.double`.
    public var doubleValue: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
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
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The object, when this is `.object`.
    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// Whether this is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The JSON type's name, for error messages: `"null"`, `"boolean"`, `"integer"`, `"number"`,
    /// `"string"`, `"array"` or `"object"`.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }

    /// An object literal; a repeated key is a programmer error.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var object = JSONObject()
        for (key, value) in elements {
            precondition(object[key] == nil, "duplicate key \(key) in a JSON object literal")
            object.append(key, value)
        }
        self = .object(object)
    }
}

extension JSONValue: CustomStringConvertible {
    /// The compact JSON text, for tests and debugging. Never log it: it may hold chat text or tokens.
    public var description: String {
        String(decoding: JSONWriter.encode(self), as: UTF8.self)
    }
}
