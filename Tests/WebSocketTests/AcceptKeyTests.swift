import Testing
@testable import WebSocket

@Suite struct AcceptKeyTests {
    @Test func acceptKeyMatchesTheRFC6455Example() {
        // RFC 6455 §1.3.
        #expect(AcceptKey.compute(forKey: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func acceptKeyMatchesASecondKnownPair() {
        #expect(AcceptKey.compute(forKey: "x3JJHMbDL1EzLkh9GBhXDw==") == "HSmrc0sMlYUkAGmm5OPpG2HaGWk=")
    }

    @Test func acceptKeyTakesASubstringAndIsTwentyBytesOfBase64() {
        let line = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="
        let accept = AcceptKey.compute(forKey: line.dropFirst(19))
        #expect(accept == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        #expect(Base64.decode(accept)?.count == 20)
    }

    @Test func acceptKeyDependsOnEveryByteOfTheKey() {
        #expect(AcceptKey.compute(forKey: "dGhlIHNhbXBsZSBub25jZQ==") != AcceptKey.compute(forKey: "dGhlIHNhbXBsZSBub25jZA=="))
    }
}
