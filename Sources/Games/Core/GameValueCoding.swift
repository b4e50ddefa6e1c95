/// A type that writes itself as a `GameValue`.
public protocol GameValueEncodable {
    /// This value as a `GameValue`.
    var gameValue: GameValue { get }
}

/// A type that reads itself from a `GameValue`, rejecting anything malformed with a typed error.
///
/// Decoding throws (typed, `GameValueError`) rather than returning `Result` so nested decoders
/// compose with `try`; it never traps on hostile input.
public protocol GameValueDecodable {
    /// Reads a value, or throws what was wrong with `value`.
    init(gameValue value: GameValue) throws(GameValueError)
}

/// Both directions; every move, update, snapshot and option set is one.
public typealias GameValueCodable = GameValueEncodable & GameValueDecodable

/// Why a `GameValue` could not be read as the type asked for.
public enum GameValueError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The value at `path` is not of the `expected` shape (`"int"`, `"object"`, ...).
    case typeMismatch(path: String, expected: String)
    /// The object at `path` lacks a required key.
    case missingKey(path: String)
    /// The object at `path` has a key the type does not know (options reject typos this way).
    case unknownKey(path: String)
    /// The value at `path` has the right shape but a value outside what the type allows.
    case invalidValue(path: String, reason: String)

    public var description: String {
        switch self {
        case .typeMismatch(let path, let expected): "\(path): expected \(expected)"
        case .missingKey(let path): "\(path): missing"
        case .unknownKey(let path): "\(path): unknown key"
        case .invalidValue(let path, let reason): "\(path): \(reason)"
        }
    }
}

/// A reader over one object, used by the decoders: required and optional fields, with paths in errors.
public struct GameValueObjectReader {
    /// The object's fields.
    public let fields: [String: GameValue]
    /// Where this object sits in the value being decoded, for error messages (`"$"` at the root).
    public let path: String

    /// A reader over `value`, which must be an object.
    public init(_ value: GameValue, path: String = "$") throws(GameValueError) {
        guard case .object(let fields) = value else { throw .typeMismatch(path: path, expected: "object") }
        self.fields = fields
        self.path = path
    }

    /// Rejects keys outside `known`.
    public func rejectUnknownKeys(_ known: Set<String>) throws(GameValueError) {
        for key in fields.keys.sorted() where !known.contains(key) {
            throw .unknownKey(path: "\(path).\(key)")
        }
    }

    /// The value of a required key.
    public func value(_ key: String) throws(GameValueError) -> GameValue {
        guard let value = fields[key] else { throw .missingKey(path: "\(path).\(key)") }
        return value
    }

    /// A required integer field.
    public func int(_ key: String) throws(GameValueError) -> Int {
        guard let int = try value(key).intValue else { throw .typeMismatch(path: "\(path).\(key)", expected: "int") }
        return int
    }

    /// An integer field that may be absent or null.
    public func optionalInt(_ key: String) throws(GameValueError) -> Int? {
        guard let value = fields[key], value != .null else { return nil }
        guard let int = value.intValue else { throw .typeMismatch(path: "\(path).\(key)", expected: "int") }
        return int
    }

    /// A required integer field within `range`.
    public func int(_ key: String, in range: ClosedRange<Int>) throws(GameValueError) -> Int {
        let int = try int(key)
        guard range.contains(int) else {
            throw .invalidValue(path: "\(path).\(key)", reason: "\(int) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return int
    }

    /// A required string field.
    public func string(_ key: String) throws(GameValueError) -> String {
        guard let string = try value(key).stringValue else {
            throw .typeMismatch(path: "\(path).\(key)", expected: "string")
        }
        return string
    }

    /// A required Boolean field.
    public func bool(_ key: String) throws(GameValueError) -> Bool {
        guard let bool = try value(key).boolValue else { throw .typeMismatch(path: "\(path).\(key)", expected: "bool") }
        return bool
    }

    /// A required array field.
    public func array(_ key: String) throws(GameValueError) -> [GameValue] {
        guard let array = try value(key).arrayValue else {
            throw .typeMismatch(path: "\(path).\(key)", expected: "array")
        }
        return array
    }

    /// A required flat array of integers.
    public func ints(_ key: String) throws(GameValueError) -> [Int] {
        var ints: [Int] = []
        for (offset, element) in try array(key).enumerated() {
            guard let int = element.intValue else {
                throw .typeMismatch(path: "\(path).\(key)[\(offset)]", expected: "int")
            }
            ints.append(int)
        }
        return ints
    }

    /// A required field decoded as `T`.
    public func decode<T: GameValueDecodable>(_ key: String, as type: T.Type = T.self) throws(GameValueError) -> T {
        try T(gameValue: value(key))
    }

    /// A field decoded as `T`, or `nil` when absent or null.
    public func decodeIfPresent<T: GameValueDecodable>(_ key: String, as type: T.Type = T.self) throws(GameValueError)
        -> T?
    {
        guard let value = fields[key], value != .null else { return nil }
        return try T(gameValue: value)
    }

    /// A required array field whose elements decode as `T`.
    public func decodeArray<T: GameValueDecodable>(_ key: String, of type: T.Type = T.self) throws(GameValueError)
        -> [T]
    {
        var result: [T] = []
        for element in try array(key) { result.append(try T(gameValue: element)) }
        return result
    }
}

extension Seat: GameValueCodable {
    public var gameValue: GameValue { .int(index) }

    public init(gameValue value: GameValue) throws(GameValueError) {
        guard let index = value.intValue else { throw .typeMismatch(path: "$", expected: "seat index") }
        guard index >= 0 && index < 256 else { throw .invalidValue(path: "$", reason: "seat \(index) out of range") }
        self.init(index)
    }
}
