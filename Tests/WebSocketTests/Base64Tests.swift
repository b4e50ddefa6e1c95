import Testing
@testable import WebSocket

@Suite struct Base64Tests {
    /// RFC 4648 §10.
    static let vectors: [(String, String)] = [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ]

    @Test(arguments: vectors)
    func encoderProducesTheRFC4648Vectors(_ plain: String, _ encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
    }

    @Test(arguments: vectors)
    func decoderReadsTheRFC4648Vectors(_ plain: String, _ encoded: String) {
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test func encoderUsesPlusAndSlashForTheLastTwoValues() {
        #expect(Base64.encode([0xFB, 0xFF, 0xBF]) == "+/+/")
        #expect(Base64.decode("+/+/") == [0xFB, 0xFF, 0xBF])
    }

    @Test func everyLengthAndByteValueRoundTrips() {
        for length in 0...64 {
            let bytes = pseudoRandomBytes(length, seed: UInt64(length) + 100)
            let encoded = Base64.encode(bytes)
            #expect(encoded.utf8.count == (length + 2) / 3 * 4)
            #expect(Base64.decode(encoded) == bytes, "length \(length)")
        }
        let everyByte = (0...255).map { UInt8($0) }
        #expect(Base64.decode(Base64.encode(everyByte)) == everyByte)
    }

    @Test func decoderAcceptsASubstring() {
        let header = "key: dGhlIHNhbXBsZSBub25jZQ=="
        #expect(Base64.decode(header.dropFirst(5)) == Array("the sample nonce".utf8))
    }

    @Test(arguments: [
        "Zg", "Zg=", "Zm9vY", "=", "====", "Z===", "=Zg=", "Z=g=", "Zg=a", "Zg==Zg==", "Zm9v!", "Zm 9v", "Zm9v\n",
        "Zm9-", "Zm9_", "Zm9vYg==\r\n", "Zm9vYg=\u{0}", "Zm9vÿ==",
    ])
    func decoderRejectsMalformedInput(_ input: String) {
        #expect(Base64.decode(input) == nil)
    }
}
