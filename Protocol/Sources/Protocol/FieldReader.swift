/// Reads the typed fields of one JSON object, failing with `bad_field` and the field's dotted path.
///
/// `null` counts as absent: an optional field may be `null` or left out, a required one may be
/// neither. Members the reader is not asked about are ignored (newer peers may add fields).
struct FieldReader {
    let object: JSONObject
    /// The path of this object inside the message, with a trailing dot (`""` at the top).
    let prefix: String

    init(_ object: JSONObject, prefix: String = "") {
        self.object = object
        self.prefix = prefix
    }

    func path(_ key: String) -> String { prefix + key }

    func bad(_ key: String, _ message: String) -> ProtocolError {
        ProtocolError.badField(path(key), message)
    }

    /// The value of `key` unless absent or `null`.
    func optionalValue(_ key: String) -> JSONValue? {
        guard let value = object[key] else { return nil }
        if case .null = value { return nil }
        return value
    }

    func requiredValue(_ key: String) throws(ProtocolError) -> JSONValue {
        guard let value = optionalValue(key) else { throw bad(key, "is required") }
        return value
    }

    // MARK: Strings

    func optionalString(_ key: String) throws(ProtocolError) -> String? {
        guard let value = optionalValue(key) else { return nil }
        guard case .string(let text) = value else { throw bad(key, "expected a string, found \(value.typeName)") }
        return text
    }

    func requiredString(_ key: String) throws(ProtocolError) -> String {
        guard let text = try optionalString(key) else { throw bad(key, "is required") }
        return text
    }

    /// A string that passes `rule` (a `FieldRules` check).
    func requiredString(_ key: String, _ rule: (String) -> String?) throws(ProtocolError) -> String {
        let text = try requiredString(key)
        if let problem = rule(text) { throw bad(key, problem) }
        return text
    }

    func optionalString(_ key: String, _ rule: (String) -> String?) throws(ProtocolError) -> String? {
        guard let text = try optionalString(key) else { return nil }
        if let problem = rule(text) { throw bad(key, problem) }
        return text
    }

    func requiredIdentifier(_ key: String) throws(ProtocolError) -> String {
        try requiredString(key) { FieldRules.identifierProblem($0) }
    }

    func optionalIdentifier(_ key: String) throws(ProtocolError) -> String? {
        try optionalString(key) { FieldRules.identifierProblem($0) }
    }

    // MARK: Numbers and flags

    func optionalInt(_ key: String, in range: ClosedRange<Int>) throws(ProtocolError) -> Int? {
        guard let value = optionalValue(key) else { return nil }
        guard case .int(let number) = value else { throw bad(key, "expected an integer, found \(value.typeName)") }
        guard number >= Int64(range.lowerBound), number <= Int64(range.upperBound) else {
            throw bad(key, "must lie in \(range.lowerBound)...\(range.upperBound)")
        }
        return Int(number)
    }

    func requiredInt(_ key: String, in range: ClosedRange<Int>) throws(ProtocolError) -> Int {
        guard let number = try optionalInt(key, in: range) else { throw bad(key, "is required") }
        return number
    }

    func requiredInt64(_ key: String, in range: ClosedRange<Int64>) throws(ProtocolError) -> Int64 {
        let value = try requiredValue(key)
        guard case .int(let number) = value else { throw bad(key, "expected an integer, found \(value.typeName)") }
        guard range.contains(number) else { throw bad(key, "must lie in \(range.lowerBound)...\(range.upperBound)") }
        return number
    }

    func requiredNumber(_ key: String) throws(ProtocolError) -> Double {
        let value = try requiredValue(key)
        guard let number = value.doubleValue else { throw bad(key, "expected a number, found \(value.typeName)") }
        return number
    }

    func optionalBool(_ key: String) throws(ProtocolError) -> Bool? {
        guard let value = optionalValue(key) else { return nil }
        guard case .bool(let flag) = value else { throw bad(key, "expected true or false, found \(value.typeName)") }
        return flag
    }

    // MARK: Containers

    func optionalObject(_ key: String) throws(ProtocolError) -> FieldReader? {
        guard let value = optionalValue(key) else { return nil }
        guard case .object(let object) = value else { throw bad(key, "expected an object, found \(value.typeName)") }
        return FieldReader(object, prefix: path(key) + ".")
    }

    func requiredObject(_ key: String) throws(ProtocolError) -> FieldReader {
        guard let reader = try optionalObject(key) else { throw bad(key, "is required") }
        return reader
    }

    func optionalArray(_ key: String, maxCount: Int) throws(ProtocolError) -> [JSONValue]? {
        guard let value = optionalValue(key) else { return nil }
        guard case .array(let elements) = value else { throw bad(key, "expected an array, found \(value.typeName)") }
        guard elements.count <= maxCount else { throw bad(key, "holds more than \(maxCount) elements") }
        return elements
    }

    func requiredArray(_ key: String, maxCount: Int = .max) throws(ProtocolError) -> [JSONValue] {
        guard let elements = try optionalArray(key, maxCount: maxCount) else { throw bad(key, "is required") }
        return elements
    }

    /// The objects of an array, each as a reader whose paths read `key[index].field`.
    func requiredObjects(_ key: String) throws(ProtocolError) -> [FieldReader] {
        var readers: [FieldReader] = []
        for (index, element) in try requiredArray(key).enumerated() {
            guard case .object(let object) = element else {
                throw ProtocolError.badField("\(path(key))[\(index)]", "expected an object, found \(element.typeName)")
            }
            readers.append(FieldReader(object, prefix: "\(path(key))[\(index)]."))
        }
        return readers
    }

    /// The strings of an array.
    func strings(_ key: String, maxCount: Int = .max, required: Bool) throws(ProtocolError) -> [String] {
        guard let elements = try optionalArray(key, maxCount: maxCount) else {
            if required { throw bad(key, "is required") }
            return []
        }
        var strings: [String] = []
        strings.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            guard case .string(let text) = element else {
                throw ProtocolError.badField("\(path(key))[\(index)]", "expected a string, found \(element.typeName)")
            }
            strings.append(text)
        }
        return strings
    }
}
