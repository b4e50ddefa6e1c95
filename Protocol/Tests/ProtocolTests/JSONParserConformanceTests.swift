import Testing
@testable import Protocol

/// RFC 8259 conformance: what must be accepted (with the value it gives) and what must be refused
/// (with where and why). Cases follow the RFC's grammar and the JSONTestSuite naming (y_/n_/i_).
@Suite struct JSONParserConformanceTests {
    // MARK: Accepted

    static let accepted: [(String, JSONValue)] = [
        // Scalars at the top level (RFC 8259 §2 allows any value).
        ("null", .null), ("true", true), ("false", false), ("0", 0), ("-0", 0), ("\"\"", ""),
        // Whitespace: space, tab, LF, CR around and between tokens.
        (" \t\r\n[ 1 , 2 ]\n", [1, 2]),
        ("{ \"a\" : 1 }", ["a": 1]),
        // Integers, including both ends of Int64.
        ("123", 123), ("-123", -123),
        ("9223372036854775807", .int(Int64.max)), ("-9223372036854775808", .int(Int64.min)),
        // Beyond Int64: a double, rounded.
        ("9223372036854775808", .double(9_223_372_036_854_775_808)),
        ("-9223372036854775809", .double(-9_223_372_036_854_775_808.0)),
        ("123456789012345678901234567890", .double(1.2345678901234568e29)),
        // Fractions and exponents are doubles, even when integral.
        ("1.0", .double(1)), ("1.5", 1.5), ("-0.25", -0.25), ("1e2", .double(100)), ("1E2", .double(100)),
        ("1e+2", .double(100)), ("1e-2", 0.01), ("0e0", .double(0)), ("-0.0", .double(-0.0)), ("1E00", .double(1)),
        ("1.7976931348623157e308", .double(.greatestFiniteMagnitude)),
        ("5e-324", .double(.leastNonzeroMagnitude)),
        ("1e-400", .double(0)),  // underflow rounds to zero, as strtod does
        // Strings: escapes, UTF-8, surrogate pairs.
        (#""\"\\\/\b\f\n\r\t""#, .string("\"\\/\u{08}\u{0C}\n\r\t")),
        (#""\u0041\u00e9\u20AC""#, "Aé€"),
        (#""\u0000""#, "\u{0}"),
        (#""\uD83D\uDE00""#, "😀"),
        (#""\uDBFF\uDFFF""#, "\u{10FFFF}"),
        ("\"héllo wörld €𝄞\"", "héllo wörld €𝄞"),
        ("\"\u{7F}\"", "\u{7F}"),  // DEL is not a control character in JSON's sense
        ("\"a long string that takes the eight-byte fast path several times over\"",
         "a long string that takes the eight-byte fast path several times over"),
        // Containers.
        ("[]", []), ("{}", [:]), ("[[]]", [[]]), ("[null,true,false]", [nil, true, false]),
        ("{\"a\":{\"b\":[1,{\"c\":null}]}}", ["a": ["b": [1, ["c": nil]]]]),
        // Keys that differ only by escapes are different keys after decoding... unless equal.
        ("{\"a\":1,\"b\":2}", ["a": 1, "b": 2]),
    ]

    @Test(arguments: accepted.indices)
    func parserAcceptsValidJSON(_ index: Int) throws {
        let (input, expected) = Self.accepted[index]
        let result = parse(input)
        #expect(try result.get() == expected, "input \(input)")
        // Kind is kept: 1 and 1.0 differ.
        if case .success(let parsed) = result {
            #expect(parsed.typeName == expected.typeName, "input \(input)")
        }
    }

    @Test func parserKeepsMemberOrder() throws {
        let parsed = try parse("{\"z\":1,\"a\":2,\"m\":3}").get()
        #expect(parsed.objectValue?.keys == ["z", "a", "m"])
    }

    @Test func objectsCompareWithoutOrder() throws {
        #expect(try parse("{\"a\":1,\"b\":2}").get() == parse("{\"b\":2,\"a\":1}").get())
        #expect(try parse("{\"a\":1,\"b\":2}").get().hashValue == parse("{\"b\":2,\"a\":1}").get().hashValue)
    }

    // MARK: Refused

    static let refused: [(String, Int, JSONParseError.Reason)] = [
        // Empty and truncated.
        ("", 0, .unexpectedEnd(expected: "a value")),
        ("   ", 3, .unexpectedEnd(expected: "a value")),
        ("[", 1, .unexpectedEnd(expected: "a value")),
        ("[1", 2, .unexpectedEnd(expected: "',' or ']'")),
        ("{", 1, .unexpectedEnd(expected: "a string key")),
        ("{\"a\"", 4, .unexpectedEnd(expected: "':'")),
        ("{\"a\":", 5, .unexpectedEnd(expected: "a value")),
        ("{\"a\":1", 6, .unexpectedEnd(expected: "',' or '}'")),
        ("\"abc", 4, .unexpectedEnd(expected: "'\"' ending the string")),
        ("tru", 3, .unexpectedEnd(expected: "true")),
        ("-", 1, .unexpectedEnd(expected: "a digit")),
        ("1.", 2, .unexpectedEnd(expected: "a digit")),
        ("1e", 2, .unexpectedEnd(expected: "a digit")),
        ("1e+", 3, .unexpectedEnd(expected: "a digit")),
        // Trailing commas and other structure errors.
        ("[1,]", 3, .unexpectedByte(UInt8(ascii: "]"), expected: "a value")),
        ("{\"a\":1,}", 7, .unexpectedByte(UInt8(ascii: "}"), expected: "a string key")),
        ("[1 2]", 3, .unexpectedByte(UInt8(ascii: "2"), expected: "',' or ']'")),
        ("{\"a\" 1}", 5, .unexpectedByte(UInt8(ascii: "1"), expected: "':'")),
        ("{a:1}", 1, .unexpectedByte(UInt8(ascii: "a"), expected: "a string key")),
        ("{'a':1}", 1, .unexpectedByte(UInt8(ascii: "'"), expected: "a string key")),
        ("{1:1}", 1, .unexpectedByte(UInt8(ascii: "1"), expected: "a string key")),
        ("[,1]", 1, .unexpectedByte(UInt8(ascii: ","), expected: "a value")),
        ("]", 0, .unexpectedByte(UInt8(ascii: "]"), expected: "a value")),
        ("1 2", 2, .trailingData),
        ("{}}", 2, .trailingData),
        ("[]x", 2, .trailingData),
        ("nul", 3, .unexpectedEnd(expected: "null")),
        ("nulx", 3, .unexpectedByte(UInt8(ascii: "x"), expected: "null")),
        ("True", 0, .unexpectedByte(UInt8(ascii: "T"), expected: "a value")),
        ("NaN", 0, .unexpectedByte(UInt8(ascii: "N"), expected: "a value")),
        ("Infinity", 0, .unexpectedByte(UInt8(ascii: "I"), expected: "a value")),
        ("undefined", 0, .unexpectedByte(UInt8(ascii: "u"), expected: "a value")),
        ("/* c */ 1", 0, .unexpectedByte(UInt8(ascii: "/"), expected: "a value")),
        // Whitespace JSON does not allow.
        ("\u{0B}1", 0, .unexpectedByte(0x0B, expected: "a value")),
        ("\u{0C}1", 0, .unexpectedByte(0x0C, expected: "a value")),
        ("\u{A0}1", 0, .unexpectedByte(0xC2, expected: "a value")),
        ("\u{FEFF}1", 0, .unexpectedByte(0xEF, expected: "a value")),  // no BOM (RFC 8259 §8.1)
        // Numbers.
        ("01", 1, .leadingZero),
        ("-01", 2, .leadingZero),
        ("00", 1, .leadingZero),
        ("+1", 0, .unexpectedByte(UInt8(ascii: "+"), expected: "a value")),
        (".5", 0, .unexpectedByte(UInt8(ascii: "."), expected: "a value")),
        ("1.e5", 2, .unexpectedByte(UInt8(ascii: "e"), expected: "a digit")),
        ("-a", 1, .unexpectedByte(UInt8(ascii: "a"), expected: "a digit")),
        ("0x10", 1, .trailingData),
        ("1e400", 0, .numberOutOfRange),
        ("-1e400", 0, .numberOutOfRange),
        ("[1.5e99999]", 1, .numberOutOfRange),
        // Strings.
        ("\"a\u{01}b\"", 2, .controlCharacterInString(0x01)),
        ("\"a\nb\"", 2, .controlCharacterInString(0x0A)),
        ("\"\t\"", 1, .controlCharacterInString(0x09)),
        (#""\x""#, 2, .invalidEscape(UInt8(ascii: "x"))),
        (#""\'""#, 2, .invalidEscape(UInt8(ascii: "'"))),
        (#""\u12""#, 5, .invalidUnicodeEscape),
        (#""\u12G4""#, 5, .invalidUnicodeEscape),
        (#""\uD800""#, 1, .loneSurrogate(0xD800)),
        (#""\uDC00""#, 1, .loneSurrogate(0xDC00)),
        (#""\uD800x""#, 1, .loneSurrogate(0xD800)),
        (#""\uD800\n""#, 1, .loneSurrogate(0xD800)),
        (#""\uD800\uD800""#, 1, .loneSurrogate(0xD800)),
        (#""\uD800\u0041""#, 1, .loneSurrogate(0xD800)),
        (#""\uDFFF\uD800""#, 1, .loneSurrogate(0xDFFF)),
        // Duplicate keys, small and large objects.
        ("{\"a\":1,\"a\":2}", 7, .duplicateKey),
        (#"{"a":1,"\u0061":2}"#, 7, .duplicateKey),
    ]

    @Test(arguments: refused.indices)
    func parserRefusesInvalidJSON(_ index: Int) {
        let (input, offset, reason) = Self.refused[index]
        let error = parseError(input)
        #expect(error == JSONParseError(offset: offset, reason: reason), "input \(input.debugDescription)")
    }

    @Test(arguments: [
        [0xFF], [0x80], [0xC0, 0x80], [0xC1, 0xBF],  // stray continuation, overlong two-byte
        [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF],  // overlong three-byte
        [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],  // UTF-8 encoded surrogates
        [0xF0, 0x80, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],  // overlong, > U+10FFFF
        [0xE2, 0x82], [0xF0, 0x9F, 0x98],  // truncated sequences
        [0xC3, 0x28],  // lead byte followed by ASCII
    ] as [[UInt8]])
    func parserRefusesInvalidUTF8InStrings(_ sequence: [UInt8]) {
        let input: [UInt8] = [ASCII.quote, UInt8(ascii: "a")] + sequence + [ASCII.quote]
        #expect(throws: JSONParseError(offset: 2, reason: .invalidUTF8)) { try parse(bytes: input).get() }
        // Also on the slow path, after an escape.
        let escaped: [UInt8] = Array(#""\n"#.utf8) + sequence + [ASCII.quote]
        #expect(throws: JSONParseError(offset: 3, reason: .invalidUTF8)) { try parse(bytes: escaped).get() }
    }

    @Test func parserAcceptsEveryUTF8Boundary() throws {
        // The smallest and largest scalar of each length, and the edges around the surrogates.
        for scalar in ["\u{80}", "\u{7FF}", "\u{800}", "\u{D7FF}", "\u{E000}", "\u{FFFF}", "\u{10000}", "\u{10FFFF}"] {
            #expect(try parse("\"\(scalar)\"").get() == .string(scalar))
        }
    }

    @Test func duplicateKeysAreFoundInLargeObjects() {
        var members = (0..<100).map { "\"k\($0)\":\($0)" }
        #expect(parseError("{" + members.joined(separator: ",") + "}") == nil)
        members.append("\"k57\":0")
        let error = parseError("{" + members.joined(separator: ",") + "}")
        #expect(error?.reason == .duplicateKey)
    }

    // MARK: Limits

    @Test func parserRefusesNestingDeeperThanTheLimit() {
        let limits = JSONParser.Limits(maxDepth: 4)
        #expect(parseError("[[[[1]]]]", limits: limits) == nil)
        #expect(parseError("[[[[[1]]]]]", limits: limits) == JSONParseError(offset: 4, reason: .tooDeep(limit: 4)))
        #expect(parseError("{\"a\":{\"b\":{\"c\":{\"d\":{}}}}}", limits: limits)?.reason == .tooDeep(limit: 4))
        // The default: 32.
        let deep = String(repeating: "[", count: 33) + String(repeating: "]", count: 33)
        #expect(parseError(deep)?.reason == .tooDeep(limit: 32))
        let ok = String(repeating: "[", count: 32) + String(repeating: "]", count: 32)
        #expect(parseError(ok) == nil)
    }

    @Test func parserRefusesADeepUnclosedInputWithoutRecursingFurther() {
        // 100,000 open brackets: stopped at the limit, long before the stack is at risk.
        let input = String(repeating: "[", count: 100_000)
        #expect(parseError(input, limits: JSONParser.Limits(maxBytes: 200_000))?.reason == .tooDeep(limit: 32))
    }

    @Test func parserRefusesInputOverTheSizeLimit() {
        let limits = JSONParser.Limits(maxBytes: 8)
        #expect(parseError("[1,2,3]", limits: limits) == nil)
        #expect(parseError("[1,2,3,4]", limits: limits) == JSONParseError(offset: 8, reason: .tooLarge(limit: 8)))
    }

    @Test func parserRefusesNumbersLongerThanTheLimit() {
        let digits = String(repeating: "1", count: 257)
        #expect(parseError(digits)?.reason == .numberTooLong(limit: 256))
        #expect(parseError("0." + String(repeating: "0", count: 300) + "1")?.reason == .numberTooLong(limit: 256))
        #expect(parseError("1e" + String(repeating: "0", count: 300))?.reason == .numberTooLong(limit: 256))
        #expect(parseError(String(repeating: "1", count: 256)) == nil)
    }

    @Test func errorDescriptionsSayWhereAndWhat() {
        #expect(parseError("[1,]")?.description == "at byte 3: expected a value, found ']'")
        #expect(parseError("{\"a\":1")?.description == "at byte 6: expected ',' or '}', found the end of the input")
        #expect(parseError("\"\u{01}\"")?.description == "at byte 1: unescaped control character 0x01 in a string")
        #expect(parseError(#""\uD800""#)?.description == "at byte 1: lone UTF-16 surrogate \\uD800 in a string")
    }
}
