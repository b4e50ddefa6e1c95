/// Matches messages a server sent against the patterns of a transcript, loosely where the server
/// is free to choose (ids, sequence numbers, clocks), and fills those values into later requests.
///
/// A pattern is a JSON value in which some strings are placeholders:
///
/// | Pattern | Matches |
/// | --- | --- |
/// | `"$any"` | any value (the member must be present) |
/// | `"$int"`, `"$number"`, `"$string"`, `"$bool"`, `"$object"`, `"$array"` | any value of that JSON type |
/// | `"$absent"` | as an object member: the member must be absent |
/// | `"${name}"` | any value the first time, bound to `name`; the bound value after that |
/// | `"$$text"` | the literal string `"$text"` |
///
/// Everything else matches itself, with these rules: an object matches when every member of the
/// pattern matches (members the pattern does not name are ignored, as clients ignore fields
/// added later); an array matches element by element and must have the same length; numbers
/// match by value (`3` matches `3.0`).
///
/// In a message a client sends, `"${name}"` is replaced by the bound value (its JSON type kept),
/// and `"$$text"` by `"$text"`.
public struct TranscriptMatcher: Sendable {
    /// The values bound so far.
    public private(set) var bindings: [String: JSONValue] = [:]

    /// A matcher with no bindings.
    public init() {}

    /// Binds `name` to `value` (for values that come from elsewhere, like built-ins).
    public mutating func bind(_ name: String, to value: JSONValue) {
        bindings[name] = value
    }

    /// Matches `actual` against `pattern`. On success the bindings made along the way are kept;
    /// on failure nothing is bound and the mismatch says where and why.
    public mutating func match(_ pattern: JSONValue, _ actual: JSONValue) -> TranscriptMismatch? {
        var scratch = bindings
        if let mismatch = Self.match(pattern, actual, path: "$", bindings: &scratch) { return mismatch }
        bindings = scratch
        return nil
    }

    /// `pattern` with every `"${name}"` replaced by its bound value, or the first unbound name.
    public func substitute(_ pattern: JSONValue) -> Result<JSONValue, TranscriptMismatch> {
        Self.substitute(pattern, path: "$", bindings: bindings)
    }

    // MARK: Placeholders

    enum Placeholder {
        case any, absent, literal(String)
        case type(String)
        case variable(String)

        init?(_ text: String) {
            guard text.hasPrefix("$") else { return nil }
            switch text {
            case "$any": self = .any
            case "$absent": self = .absent
            case "$int", "$number", "$string", "$bool", "$object", "$array": self = .type(String(text.dropFirst()))
            default:
                if text.hasPrefix("$$") {
                    self = .literal(String(text.dropFirst()))
                } else if text.hasPrefix("${"), text.hasSuffix("}"), text.count > 3 {
                    self = .variable(String(text.dropFirst(2).dropLast()))
                } else {
                    return nil
                }
            }
        }
    }

    static func hasType(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("int", .int), ("number", .int), ("number", .double), ("string", .string), ("bool", .bool),
            ("object", .object), ("array", .array):
            true
        default: false
        }
    }

    // MARK: Matching

    static func match(
        _ pattern: JSONValue, _ actual: JSONValue, path: String, bindings: inout [String: JSONValue]
    ) -> TranscriptMismatch? {
        if case .string(let text) = pattern, let placeholder = Placeholder(text) {
            switch placeholder {
            case .any: return nil
            case .absent: return TranscriptMismatch(path: path, reason: "expected the member to be absent")
            case .type(let type):
                return hasType(actual, type) ? nil : TranscriptMismatch(path: path, reason: "expected \(text), found \(actual.typeName)")
            case .literal(let literal):
                return actual == .string(literal) ? nil : TranscriptMismatch(path: path, reason: "expected \"\(literal)\"")
            case .variable(let name):
                if let bound = bindings[name] {
                    return equal(bound, actual) ? nil : TranscriptMismatch(path: path, reason: "expected ${\(name)} = \(bound)")
                }
                bindings[name] = actual
                return nil
            }
        }
        switch (pattern, actual) {
        case (.object(let expected), .object(let object)):
            for member in expected.members {
                let memberPath = "\(path).\(member.key)"
                if case .string("$absent") = member.value {
                    if object[member.key] != nil { return TranscriptMismatch(path: memberPath, reason: "expected no such member") }
                    continue
                }
                guard let value = object[member.key] else {
                    return TranscriptMismatch(path: memberPath, reason: "missing")
                }
                if let mismatch = match(member.value, value, path: memberPath, bindings: &bindings) { return mismatch }
            }
            return nil
        case (.array(let expected), .array(let elements)):
            guard expected.count == elements.count else {
                return TranscriptMismatch(path: path, reason: "expected \(expected.count) elements, found \(elements.count)")
            }
            for (index, element) in expected.enumerated() {
                if let mismatch = match(element, elements[index], path: "\(path)[\(index)]", bindings: &bindings) {
                    return mismatch
                }
            }
            return nil
        default:
            return equal(pattern, actual) ? nil : TranscriptMismatch(path: path, reason: "expected \(pattern), found \(actual)")
        }
    }

    /// Equality with numbers compared by value.
    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.int(let x), .double(let y)), (.double(let y), .int(let x)): Double(x) == y
        default: a == b
        }
    }

    // MARK: Substitution

    static func substitute(
        _ pattern: JSONValue, path: String, bindings: [String: JSONValue]
    ) -> Result<JSONValue, TranscriptMismatch> {
        switch pattern {
        case .string(let text):
            switch Placeholder(text) {
            case .variable(let name):
                guard let value = bindings[name] else {
                    return .failure(TranscriptMismatch(path: path, reason: "${\(name)} is not bound yet"))
                }
                return .success(value)
            case .literal(let literal): return .success(.string(literal))
            case .some: return .failure(TranscriptMismatch(path: path, reason: "\(text) has no value to send"))
            case nil: return .success(pattern)
            }
        case .array(let elements):
            var result: [JSONValue] = []
            for (index, element) in elements.enumerated() {
                switch substitute(element, path: "\(path)[\(index)]", bindings: bindings) {
                case .success(let value): result.append(value)
                case .failure(let mismatch): return .failure(mismatch)
                }
            }
            return .success(.array(result))
        case .object(let object):
            var result = JSONObject()
            for member in object.members {
                switch substitute(member.value, path: "\(path).\(member.key)", bindings: bindings) {
                case .success(let value): result.append(member.key, value)
                case .failure(let mismatch): return .failure(mismatch)
                }
            }
            return .success(.object(result))
        default:
            return .success(pattern)
        }
    }
}

/// Where and why a message did not match its pattern.
public struct TranscriptMismatch: Error, Hashable, Sendable, CustomStringConvertible {
    /// The JSON path in the message (`$.players[0].name`).
    public var path: String
    /// What was expected there.
    public var reason: String

    public var description: String { "\(path): \(reason)" }
}
