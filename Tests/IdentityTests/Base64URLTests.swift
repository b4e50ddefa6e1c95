import Testing
@testable import Identity

@Suite struct Base64URLTests {
    /// RFC 4648 §10, without padding.
    static let vectors: [(String, String)] = [
        ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"),
        ("foobar", "Zm9vYmFy"),
    ]

    @Test(arguments: vectors)
    func encoderProducesTheUnpaddedRFC4648Vectors(_ plain: String, _ encoded: String) {
        #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
        #expect(Base64URL.decode(Array(encoded.utf8)) == Array(plain.utf8))
    }

    @Test func encoderUsesDashAndUnderscoreForTheLastTwoValues() {
        #expect(Base64URL.encode([0xFB, 0xFF, 0xBF]) == "-_-_")
        #expect(Base64URL.decode(Array("-_-_".utf8)) == [0xFB, 0xFF, 0xBF])
    }

    @Test func everyLengthAndByteValueRoundTrips() {
        for length in 0...67 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ length) }
            let encoded = Base64URL.encode(bytes)
            #expect(encoded.utf8.count == (length * 4 + 2) / 3)
            #expect(Base64URL.decode(Array(encoded.utf8)) == bytes, "length \(length)")
        }
        let everyByte = (0...255).map { UInt8($0) }
        #expect(Base64URL.decode(Array(Base64URL.encode(everyByte).utf8)) == everyByte)
    }

    @Test(arguments: [
        "Z", "Zm9vY", "Zg==", "Zm8=", "Zm9v+", "Zm9v/", "Zm 9v", "Zm9v\n", "Zm9vÿ",
        // Non-zero unused bits: "Zh" and "Zm9" would decode like "Zg" and "Zm8".
        "Zh", "Zm9",
    ])
    func decoderRejectsMalformedOrNonCanonicalInput(_ input: String) {
        #expect(Base64URL.decode(Array(input.utf8)) == nil)
    }
}
