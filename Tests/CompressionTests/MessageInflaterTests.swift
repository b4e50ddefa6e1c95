import Testing
@testable import Compression

@Suite struct MessageInflaterTests {
    static let mixed = TestData.repetitive(40_000) + TestData.random(4_000) + TestData.repetitive(20_000)

    @Test(arguments: [1, 2, 3, 7, 100, 4_096])
    func aMessageInflatesFragmentAtATime(fragmentBytes: Int) {
        let deflater = MessageDeflater(windowBits: 15, memoryLevel: 8, level: 6, contextTakeover: true)
        let inflater = MessageInflater(windowBits: 15, contextTakeover: true)
        for _ in 0..<2 {
            let compressed = deflater.compress(Self.mixed)
            expectSameBytes(inflater.decompressMessage(compressed, fragmentBytes: fragmentBytes), Self.mixed, "in \(fragmentBytes)-byte fragments")
        }
    }

    @Test func emptyFragmentsAnywhereInAMessageAreHarmless() {
        let compressed = MessageDeflater(windowBits: 15, memoryLevel: 8, level: 6, contextTakeover: false).compress(Self.mixed)
        let inflater = MessageInflater(windowBits: 15, contextTakeover: false)
        var output: [UInt8] = []
        let half = compressed.count / 2
        let pieces: [[UInt8]] = [[], Array(compressed[..<half]), [], Array(compressed[half...])]
        for piece in pieces {
            #expect(piece.withUnsafeBytes { inflater.decompress($0, isFinal: false, maxMessageBytes: .max, appendingTo: &output) } == .ok)
        }
        #expect([UInt8]().withUnsafeBytes { inflater.decompress($0, isFinal: true, maxMessageBytes: .max, appendingTo: &output) } == .ok)
        expectSameBytes(output, Self.mixed)
    }

    @Test func inflateAppendsAfterWhatTheOutputAlreadyHolds() {
        let compressed = MessageDeflater(windowBits: 15, memoryLevel: 8, level: 6, contextTakeover: false).compress(Array("Hello".utf8))
        var output: [UInt8] = Array("say: ".utf8)
        #expect(MessageInflater(windowBits: 15, contextTakeover: false).decompressMessage(compressed, into: &output) == .ok)
        #expect(output == Array("say: Hello".utf8))
    }

    @Test func garbageIsCorruptData() {
        let inflater = MessageInflater(windowBits: 15, contextTakeover: true)
        var output: [UInt8] = []
        // BTYPE 11 is reserved (RFC 1951 §3.2.3).
        #expect(inflater.decompressMessage([0xFF, 0xFF, 0xFF], into: &output) == .corruptData)
    }

    @Test func aStoredBlockWithMismatchedLengthsIsCorruptData() {
        var output: [UInt8] = []
        let badStored: [UInt8] = [0x00, 0x05, 0x00, 0xFA, 0xFE, 0x48, 0x65, 0x6C, 0x6C, 0x6F]
        #expect(MessageInflater(windowBits: 15, contextTakeover: false).decompressMessage(badStored, into: &output) == .corruptData)
    }

    @Test func aBackReferenceIntoAnEarlierMessageBeyondTheAgreedWindowIsCorruptData() {
        // The peer promised a 512-byte window but refers 4,000 bytes back into its previous message.
        // (Within one message zlib resolves far references from output it still holds, so only
        // references into the window are caught; a conforming peer never makes either.)
        let phrase = TestData.random(64, seed: 1)
        let deflater = MessageDeflater(windowBits: 15, memoryLevel: 8, level: 9, contextTakeover: true)
        let inflater = MessageInflater(windowBits: 9, contextTakeover: true)
        #expect(inflater.decompressMessage(deflater.compress(phrase + TestData.random(4_000, seed: 2))) != nil)
        var output: [UInt8] = []
        #expect(inflater.decompressMessage(deflater.compress(phrase), into: &output) == .corruptData)
    }

    @Test func aPeerThatTakesOverContextUnannouncedFailsAgainstAResettingInflater() {
        let message = TestData.repetitive(1_000)
        let deflater = MessageDeflater(windowBits: 15, memoryLevel: 8, level: 6, contextTakeover: true)
        let inflater = MessageInflater(windowBits: 15, contextTakeover: false)
        expectSameBytes(inflater.decompressMessage(deflater.compress(message)), message)
        var output: [UInt8] = []
        #expect(inflater.decompressMessage(deflater.compress(message), into: &output) == .corruptData)
    }

    @Test func anInflaterIsUsableAgainAfterCorruptData() {
        let inflater = MessageInflater(windowBits: 15, contextTakeover: true)
        var output: [UInt8] = []
        #expect(inflater.decompressMessage([0xFF, 0xFF], into: &output) == .corruptData)
        let compressed = MessageDeflater(windowBits: 15, memoryLevel: 8, level: 6, contextTakeover: true).compress(Self.mixed)
        expectSameBytes(inflater.decompressMessage(compressed), Self.mixed)
    }

    @Test func resetDropsAHalfInflatedMessage() {
        let deflater = MessageDeflater(windowBits: 15, memoryLevel: 8, level: 6, contextTakeover: false)
        let first = deflater.compress(Self.mixed)
        let inflater = MessageInflater(windowBits: 15, contextTakeover: false)
        var discarded: [UInt8] = []
        _ = first[..<(first.count / 2)].withUnsafeBytes {
            inflater.decompress($0, isFinal: false, maxMessageBytes: .max, appendingTo: &discarded)
        }
        inflater.reset()
        #expect(inflater.decompressMessage(deflater.compress(Array("next".utf8))) == Array("next".utf8))
    }
}
