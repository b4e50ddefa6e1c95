import Client
import Testing

/// Raw terminal bytes to keys, whole and in pieces down to one byte at a time.
struct InputDecoderTests {
    private func keys(_ text: String) -> [Key] {
        var decoder = InputDecoder()
        return decoder.feed(Array(text.utf8))
    }

    /// Feeds `bytes` one at a time, as a slow link might deliver them.
    private func keysByteByByte(_ bytes: [UInt8]) -> [Key] {
        var decoder = InputDecoder()
        return bytes.flatMap { decoder.feed([$0]) }
    }

    @Test func printableTextBecomesCharacters() {
        #expect(keys("aZ 7") == [.character("a"), .character("Z"), .character(" "), .character("7")])
    }

    @Test func controlKeysAreNamed() {
        #expect(keys("\r\n\t\u{7F}\u{08}") == [.enter, .enter, .tab, .backspace, .backspace])
        #expect(keys("\u{03}\u{01}") == [.control("c"), .control("a")])
    }

    @Test func csiAndSS3ArrowsBothDecode() {
        #expect(keys("\u{1B}[A\u{1B}[B\u{1B}[C\u{1B}[D") == [.up, .down, .right, .left])
        #expect(keys("\u{1B}OA\u{1B}OD") == [.up, .left])
    }

    @Test func arrowsWithModifiersAreStillArrows() {
        #expect(keys("\u{1B}[1;5C\u{1B}[1;2A") == [.right, .up])
    }

    @Test func tildeSequencesDecode() {
        #expect(keys("\u{1B}[3~\u{1B}[5~\u{1B}[6~\u{1B}[1~\u{1B}[4~\u{1B}[15~") == [
            .delete, .pageUp, .pageDown, .home, .end, .function(5),
        ])
    }

    @Test func unknownSequenceIsOneUnknownKeyAndTheRestStillReads() {
        #expect(keys("\u{1B}[?25hx") == [.unknown, .character("x")])
    }

    @Test func everyKeyDecodesTheSameFedOneByteAtATime() {
        let text = "ab\u{1B}[A\u{1B}[1;5D\u{1B}OB\u{1B}[3~é€😀\r"
        let whole = keys(text)
        #expect(keysByteByByte(Array(text.utf8)) == whole)
        #expect(whole == [
            .character("a"), .character("b"), .up, .left, .down, .delete, .character("é"), .character("€"),
            .character("😀"), .enter,
        ])
    }

    @Test func loneEscapeWaitsAndIsEscapeOnFlush() {
        var decoder = InputDecoder()
        let none = decoder.feed([0x1B])
        #expect(none == [])
        #expect(decoder.hasPending)
        let flushed = decoder.flush()
        #expect(flushed == [.escape])
        #expect(!decoder.hasPending)
    }

    @Test func escapeFollowedByAnotherKeyIsEscapeThenThatKey() {
        #expect(keys("\u{1B}q") == [.escape, .character("q")])
        #expect(keys("\u{1B}\u{1B}[A") == [.escape, .up])
    }

    @Test func incompleteSequenceFlushedIsEscapeAndItsBytes() {
        var decoder = InputDecoder()
        let none = decoder.feed(Array("\u{1B}[".utf8))
        #expect(none == [])
        let flushed = decoder.flush()
        #expect(flushed == [.escape, .character("[")])
    }

    @Test func invalidUTF8IsSkippedAndTheTextAfterItReads() {
        var decoder = InputDecoder()
        let keys = decoder.feed([0xFF, 0x61, 0xC3, 0x28, 0x62])
        #expect(keys == [.character("a"), .character("("), .character("b")])
    }

    @Test func endlessSequenceGarbageIsDroppedWithoutGrowingForever() {
        var decoder = InputDecoder()
        _ = decoder.feed([0x1B, 0x5B] + Array(repeating: 0x30, count: 100))
        #expect(!decoder.hasPending)
        let keys = decoder.feed(Array("x".utf8))
        #expect(keys == [.character("x")])
    }
}
