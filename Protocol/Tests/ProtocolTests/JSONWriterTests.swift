import Testing
@testable import Protocol

@Suite struct JSONWriterTests {
    @Test func writerIsCompactAndKeepsOrder() {
        let value: JSONValue = ["t": "x", "b": [1, 2, ["c": nil]], "a": true]
        #expect(text(JSONWriter.encode(value)) == #"{"t":"x","b":[1,2,{"c":null}],"a":true}"#)
    }

    @Test(arguments: [
        ("plain", #""plain""#),
        ("quote \" backslash \\ slash /", #""quote \" backslash \\ slash /""#),
        ("\n\r\t\u{08}\u{0C}", #""\n\r\t\b\f""#),
        ("\u{0}\u{01}\u{1F}", #""\u0000\u0001\u001f""#),
        ("\u{7F} é € 😀 \u{2028}", "\"\u{7F} é € 😀 \u{2028}\""),  // written as UTF-8, not escaped
    ])
    func writerEscapesWhatJSONRequires(_ input: String, _ expected: String) {
        #expect(text(JSONWriter.encode(.string(input))) == expected)
    }

    @Test(arguments: [
        (Int64(0), "0"), (7, "7"), (-7, "-7"), (10, "10"), (1_234_567_890, "1234567890"),
        (Int64.max, "9223372036854775807"), (Int64.min, "-9223372036854775808"),
    ])
    func writerWritesIntegers(_ number: Int64, _ expected: String) {
        #expect(text(JSONWriter.encode(.int(number))) == expected)
    }

    @Test(arguments: [
        (1.0, "1.0"), (0.1, "0.1"), (-2.5, "-2.5"), (1e-5, "1e-05"), (1e20, "1e+20"), (-0.0, "-0.0"),
        (Double.leastNonzeroMagnitude, "5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"),
        (Double.infinity, "null"), (Double.nan, "null"),
    ])
    func writerWritesDoublesAsShortestRoundTripOrNull(_ number: Double, _ expected: String) {
        #expect(text(JSONWriter.encode(.double(number))) == expected)
    }

    @Test func roundTripKeepsEveryValueAndItsKind() throws {
        let values: [JSONValue] = [
            nil, true, false, 0, -1, .int(Int64.max), .int(Int64.min), 0.5, 1.0, -0.0, 1e300, .double(.leastNonzeroMagnitude),
            "", "a\"b\\c\nd\u{0}e😀", [], [:], [[[]]], ["a": ["b": ["c": [1, 2.5, "x", nil, false]]]],
            .double(9_223_372_036_854_775_808), .double(0.1 + 0.2),
        ]
        for value in values {
            let bytes = JSONWriter.encode(value)
            let parsed = try parse(bytes: bytes).get()
            #expect(parsed == value, "\(text(bytes))")
            #expect(parsed.typeName == value.typeName)
            // Writing again gives the same bytes: the output is canonical for its input.
            #expect(JSONWriter.encode(parsed) == bytes)
        }
    }

    @Test func roundTripOfRandomValues() throws {
        var generator = SplitMix(seed: 42)
        for _ in 0..<2_000 {
            let value = randomValue(&generator, depth: 0)
            #expect(try parse(bytes: JSONWriter.encode(value)).get() == value)
        }
    }

    @Test func structuredWritingPutsCommasWhereDue() {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("a")
        writer.beginArray()
        writer.element()
        writer.int(1)
        writer.element()
        writer.beginObject()
        writer.endObject()
        writer.endArray()
        writer.key("b")
        writer.string("x")
        writer.key("dyn\"amic")
        writer.null()
        writer.endObject()
        #expect(text(writer.bytes) == #"{"a":[1,{}],"b":"x","dyn\"amic":null}"#)
    }

    @Test func writerGrowsPastItsCapacity() throws {
        // Every byte escaped to six: the worst case the writer reserves for.
        let controls = String(repeating: "\u{01}\u{1F}\"\\", count: 5_000)
        var writer = JSONWriter(capacity: 16)
        writer.beginArray()
        for _ in 0..<3 {
            writer.element()
            writer.string(controls)
        }
        writer.endArray()
        #expect(writer.count == 3 * (5_000 * 16 + 2) + 4)
        let parsed = try parse(bytes: writer.bytes, limits: JSONParser.Limits(maxBytes: .max)).get()
        #expect(parsed == .array([.string(controls), .string(controls), .string(controls)]))
    }

    @Test func removeAllKeepsTheWriterUsable() {
        var writer = JSONWriter(capacity: 16)
        writer.beginObject()
        writer.key("a")
        writer.int(1)
        writer.removeAll()
        writer.beginObject()
        writer.key("b")
        writer.int(2)
        writer.endObject()
        #expect(text(writer.bytes) == #"{"b":2}"#)
        #expect(writer.withUnsafeBytes { Array($0) } == writer.bytes)
    }

    @Test func fragmentsAreValidatedCompactJSON() {
        #expect(JSONFragment(validating: Array(#"{"a":[1,2]}"#.utf8)) != nil)
        #expect(JSONFragment(validating: Array(#"{"a": [1,2]}"#.utf8)) == nil)  // not compact
        #expect(JSONFragment(validating: Array(#"{"a":"#.utf8)) == nil)
        #expect(JSONFragment(["k": "placed"]).bytes == Array(#"{"k":"placed"}"#.utf8))
    }

    func randomValue(_ generator: inout SplitMix, depth: Int) -> JSONValue {
        let pick = generator.next() % (depth > 4 ? 5 : 7)
        switch pick {
        case 0: return .null
        case 1: return .bool(generator.next() % 2 == 0)
        case 2: return .int(Int64(bitPattern: generator.next()) >> Int64(generator.next() % 64))
        case 3:
            let double = Double(bitPattern: generator.next())
            return double.isFinite ? .double(double) : .double(Double(generator.next() % 1000) / 7)
        case 4:
            let scalars: [Unicode.Scalar] = ["a", "\"", "\\", "\n", "\u{0}", "\u{1F}", "é", "€", "😀", "\u{FFFF}", " "]
            var text = ""
            for _ in 0..<generator.next() % 12 { text.unicodeScalars.append(scalars[Int(generator.next() % UInt64(scalars.count))]) }
            return .string(text)
        case 5:
            return .array((0..<generator.next() % 4).map { _ in randomValue(&generator, depth: depth + 1) })
        default:
            var object = JSONObject()
            for index in 0..<generator.next() % 4 { object["k\(index)"] = randomValue(&generator, depth: depth + 1) }
            return .object(object)
        }
    }
}
