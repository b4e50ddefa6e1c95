/// A strict RFC 8259 JSON parser over a byte buffer, with hard limits.
///
/// Strict means: exactly the RFC grammar (no comments, no trailing commas, no leading zeros, no
/// `NaN`, only space/tab/CR/LF as whitespace), strings must be UTF-8 without raw control characters,
/// and two choices where the RFC leaves room:
/// - a `\u` escape of a lone UTF-16 surrogate is refused (RFC 8259 §8.2 allows it but it cannot
///   become a Swift `String` without loss);
/// - an object with a repeated key is refused (§4 lets parsers differ here, which is how request
///   smuggling between two parsers starts; refusing removes the ambiguity).
///
/// Numbers: an integer literal that fits in `Int64` becomes `.int`; every other number becomes a
/// `.double` rounded to nearest, and one beyond `Double`'s range is refused. Any input, including
/// truncated or hostile bytes, ends in a value or a `JSONParseError` naming the offset; nothing traps.
public enum JSONParser {
    /// The parser's hard limits.
    public struct Limits: Hashable, Sendable {
        /// The longest input accepted, in bytes. Default 65,536 (the protocol's `maxMessageBytes`).
        public var maxBytes: Int
        /// The deepest nesting of arrays and objects; a top-level object is depth 1. Default 32.
        public var maxDepth: Int
        /// The longest number literal, in bytes; no real number needs more. Default 256.
        public var maxNumberLength: Int

        /// Limits with these values; `maxDepth` is capped at 512 so recursion cannot exhaust the stack.
        public init(maxBytes: Int = 65_536, maxDepth: Int = 32, maxNumberLength: Int = 256) {
            precondition(maxBytes >= 0 && maxDepth >= 1 && maxDepth <= 512 && maxNumberLength >= 1, "invalid limits")
            self.maxBytes = maxBytes
            self.maxDepth = maxDepth
            self.maxNumberLength = maxNumberLength
        }

        /// 64 KiB, depth 32, numbers up to 256 bytes.
        public static let `default` = Limits()
    }

    /// Parses one JSON text filling all of `bytes`.
    public static func parse(
        _ bytes: UnsafeRawBufferPointer, limits: Limits = .default
    ) -> Result<JSONValue, JSONParseError> {
        do throws(JSONParseError) {
            return .success(try parseThrowing(bytes, limits: limits))
        } catch {
            return .failure(error)
        }
    }

    /// Parses one JSON text filling all of `bytes`.
    public static func parse(_ bytes: [UInt8], limits: Limits = .default) -> Result<JSONValue, JSONParseError> {
        bytes.withUnsafeBytes { parse($0, limits: limits) }
    }

    /// Parses one JSON text (its UTF-8).
    public static func parse(_ text: String, limits: Limits = .default) -> Result<JSONValue, JSONParseError> {
        parse(Array(text.utf8), limits: limits)
    }

    /// Parses one JSON text filling all of `bytes`, throwing the typed error.
    public static func parseThrowing(
        _ bytes: UnsafeRawBufferPointer, limits: Limits = .default
    ) throws(JSONParseError) -> JSONValue {
        guard bytes.count <= limits.maxBytes else {
            throw JSONParseError(offset: limits.maxBytes, reason: .tooLarge(limit: limits.maxBytes))
        }
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            throw JSONParseError(offset: 0, reason: .unexpectedEnd(expected: "a value"))
        }
        var reader = JSONByteReader(
            base: base.assumingMemoryBound(to: UInt8.self), count: bytes.count, limits: limits)
        let value = try reader.readValue(depth: 0)
        reader.skipWhitespace()
        guard reader.index == reader.count else {
            throw JSONParseError(offset: reader.index, reason: .trailingData)
        }
        return value
    }
}

/// The parser's cursor over one input: recursive descent, one byte of lookahead.
struct JSONByteReader {
    let base: UnsafePointer<UInt8>
    let count: Int
    let limits: JSONParser.Limits
    var index = 0

    init(base: UnsafePointer<UInt8>, count: Int, limits: JSONParser.Limits) {
        self.base = base
        self.count = count
        self.limits = limits
    }

    // MARK: Values

    mutating func skipWhitespace() {
        while index < count {
            switch base[index] {
            case ASCII.space, ASCII.tab, ASCII.lineFeed, ASCII.carriageReturn: index += 1
            default: return
            }
        }
    }

    /// Reads the value starting after any whitespace; `depth` counts the containers around it.
    mutating func readValue(depth: Int) throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        guard index < count else { throw fail(.unexpectedEnd(expected: "a value")) }
        switch base[index] {
        case ASCII.openBrace: return .object(try readObject(depth: depth + 1))
        case ASCII.openBracket: return .array(try readArray(depth: depth + 1))
        case ASCII.quote: return .string(try readString())
        case ASCII.minus, ASCII.zero...ASCII.nine: return try readNumber()
        case UInt8(ascii: "t"):
            try readLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try readLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try readLiteral("null")
            return .null
        case let byte: throw fail(.unexpectedByte(byte, expected: "a value"))
        }
    }

    mutating func readLiteral(_ literal: StaticString) throws(JSONParseError) {
        let expected = "\(literal)"
        let bytes = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for byte in bytes {
            guard index < count else { throw fail(.unexpectedEnd(expected: expected)) }
            guard base[index] == byte else { throw fail(.unexpectedByte(base[index], expected: expected)) }
            index += 1
        }
    }

    mutating func readArray(depth: Int) throws(JSONParseError) -> [JSONValue] {
        guard depth <= limits.maxDepth else { throw fail(.tooDeep(limit: limits.maxDepth)) }
        index += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < count && base[index] == ASCII.closeBracket {
            index += 1
            return elements
        }
        while true {
            elements.append(try readValue(depth: depth))
            skipWhitespace()
            guard index < count else { throw fail(.unexpectedEnd(expected: "',' or ']'")) }
            switch base[index] {
            case ASCII.comma: index += 1
            case ASCII.closeBracket:
                index += 1
                return elements
            case let byte: throw fail(.unexpectedByte(byte, expected: "',' or ']'"))
            }
        }
    }

    mutating func readObject(depth: Int) throws(JSONParseError) -> JSONObject {
        guard depth <= limits.maxDepth else { throw fail(.tooDeep(limit: limits.maxDepth)) }
        index += 1  // {
        var object = JSONObject()
        skipWhitespace()
        if index < count && base[index] == ASCII.closeBrace {
            index += 1
            return object
        }
        // One allocation for the usual message instead of regrowing at 1, 2 and 4 members.
        object.reserveCapacity(8)
        // Duplicate keys: a linear scan while the object is small, a set once it is not, so a
        // 64 KiB object of distinct keys costs O(n), not O(n²).
        var keySet: Set<String>? = nil
        while true {
            skipWhitespace()
            guard index < count else { throw fail(.unexpectedEnd(expected: "a string key")) }
            guard base[index] == ASCII.quote else {
                throw fail(.unexpectedByte(base[index], expected: "a string key"))
            }
            let keyOffset = index
            let key = try readString()
            skipWhitespace()
            guard index < count else { throw fail(.unexpectedEnd(expected: "':'")) }
            guard base[index] == ASCII.colon else { throw fail(.unexpectedByte(base[index], expected: "':'")) }
            index += 1
            let value = try readValue(depth: depth)
            if var keys = keySet {
                keySet = nil  // keep the set uniquely referenced while inserting
                guard keys.insert(key).inserted else { throw JSONParseError(offset: keyOffset, reason: .duplicateKey) }
                keySet = keys
            } else {
                // Lengths first: most keys differ in length, and that test is far cheaper than ==.
                let length = key.utf8.count
                for member in object.members where member.key.utf8.count == length && member.key == key {
                    throw JSONParseError(offset: keyOffset, reason: .duplicateKey)
                }
                if object.count == 15 { keySet = Set(object.keys + [key]) }
            }
            object.append(key, value)
            skipWhitespace()
            guard index < count else { throw fail(.unexpectedEnd(expected: "',' or '}'")) }
            switch base[index] {
            case ASCII.comma: index += 1
            case ASCII.closeBrace:
                index += 1
                return object
            case let byte: throw fail(.unexpectedByte(byte, expected: "',' or '}'"))
            }
        }
    }

    // MARK: Numbers

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` (RFC 8259 §6).
    mutating func readNumber() throws(JSONParseError) -> JSONValue {
        let start = index
        let negative = base[index] == ASCII.minus
        if negative { index += 1 }
        guard index < count else { throw fail(.unexpectedEnd(expected: "a digit")) }
        var magnitude: UInt64 = 0
        var overflow = false
        if base[index] == ASCII.zero {
            index += 1
            if index < count && isDigit(base[index]) { throw fail(.leadingZero) }
        } else {
            guard isDigit(base[index]) else { throw fail(.unexpectedByte(base[index], expected: "a digit")) }
            while index < count && isDigit(base[index]) {
                let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(UInt64(base[index] &- ASCII.zero))
                overflow = overflow || o1 || o2
                magnitude = sum
                index += 1
                if index - start > limits.maxNumberLength { break }
            }
        }
        var isInteger = true
        if index < count && base[index] == ASCII.dot {
            isInteger = false
            index += 1
            try readDigits()
        }
        if index < count && (base[index] == UInt8(ascii: "e") || base[index] == UInt8(ascii: "E")) {
            isInteger = false
            index += 1
            if index < count && (base[index] == ASCII.plus || base[index] == ASCII.minus) { index += 1 }
            try readDigits()
        }
        guard index - start <= limits.maxNumberLength else {
            throw JSONParseError(offset: start, reason: .numberTooLong(limit: limits.maxNumberLength))
        }
        if isInteger && !overflow {
            if !negative && magnitude <= UInt64(Int64.max) { return .int(Int64(magnitude)) }
            if negative && magnitude <= UInt64(Int64.max) + 1 { return .int(Int64(bitPattern: 0 &- magnitude)) }
        }
        // The grammar is checked, so the text is a decimal Swift reads exactly (correctly rounded).
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: index - start), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw JSONParseError(offset: start, reason: .numberOutOfRange)
        }
        return .double(value)
    }

    /// One or more digits.
    mutating func readDigits() throws(JSONParseError) {
        guard index < count else { throw fail(.unexpectedEnd(expected: "a digit")) }
        guard isDigit(base[index]) else { throw fail(.unexpectedByte(base[index], expected: "a digit")) }
        repeat { index += 1 } while index < count && isDigit(base[index])
    }

    func isDigit(_ byte: UInt8) -> Bool { byte &- ASCII.zero < 10 }

    func fail(_ reason: JSONParseError.Reason) -> JSONParseError {
        JSONParseError(offset: index, reason: reason)
    }
}
