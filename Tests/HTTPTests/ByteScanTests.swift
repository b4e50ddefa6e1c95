import HTTP
import Testing

/// The scans that skip eight bytes at a time must see a special byte at every position of a word.
struct ByteScanTests {
    /// A request whose X-Long value is 24 `v`s with `byte` at `offset`.
    private func request(with byte: UInt8, atValueOffset offset: Int) -> [UInt8] {
        var value = [UInt8](repeating: UInt8(ascii: "v"), count: 24)
        value[offset] = byte
        return crlf("GET / HTTP/1.1", "Host: a") + Array("X-Long: ".utf8) + value + crlf("", "")
    }

    @Test(arguments: 0..<24)
    func parserFindsBareCarriageReturnAtEveryOffset(offset: Int) {
        #expect(parseRequest(request(with: 0x0D, atValueOffset: offset)) == .failed(.bareCarriageReturn))
    }

    @Test(arguments: 0..<24)
    func parserFindsBareLineFeedAtEveryOffset(offset: Int) {
        #expect(parseRequest(request(with: 0x0A, atValueOffset: offset)) == .failed(.bareLineFeed))
    }

    @Test(arguments: 0..<24)
    func parserFindsControlCharactersAtEveryOffset(offset: Int) {
        for control: UInt8 in [0x00, 0x01, 0x1F, 0x7F] {
            #expect(parseRequest(request(with: control, atValueOffset: offset)) == .failed(.invalidHeaderValue))
        }
    }

    @Test(arguments: 0..<24)
    func parserAcceptsTabAndObsTextAtEveryOffset(offset: Int) throws {
        for allowed: UInt8 in [0x09, 0x20, 0x80, 0xA0, 0xFF] where !(allowed <= 0x20 && (offset == 0 || offset == 23)) {
            let head = try #require(parseRequest(request(with: allowed, atValueOffset: offset)).head)
            #expect(head.headers["X-Long"]?.isEmpty == false)
        }
    }
}
