import Testing
@testable import Compression

@Suite struct MessageDeflaterTests {
    static let messages: [(String, [UInt8])] = [
        ("empty", []),
        ("one byte", [0x42]),
        ("1 MiB random", TestData.random(1 << 20)),
        ("1 MiB repetitive", TestData.repetitive(1 << 20)),
    ]

    @Test(arguments: [false, true])
    func messagesRoundTripWithAndWithoutContextTakeover(contextTakeover: Bool) {
        let deflater = MessageDeflater(windowBits: 15, memoryLevel: 8, level: 6, contextTakeover: contextTakeover)
        let inflater = MessageInflater(windowBits: 15, contextTakeover: contextTakeover)
        for (name, message) in Self.messages {
            let compressed = deflater.compress(message)
            expectSameBytes(inflater.decompressMessage(compressed), message, name)
        }
    }

    @Test func compressedOutputNeverEndsWithTheSyncFlushTail() {
        let deflater = MessageDeflater(windowBits: 15, memoryLevel: 8, level: 6, contextTakeover: false)
        for (_, message) in Self.messages {
            let compressed = deflater.compress(message)
            #expect(!compressed.isEmpty)
            #expect(compressed.suffix(4) != [0x00, 0x00, 0xFF, 0xFF])
        }
        #expect(deflater.compress([]) == [0x00], "an empty message is just the empty block's header bits")
    }

    @Test func compressAppendsAfterWhatTheOutputAlreadyHolds() {
        let deflater = MessageDeflater(windowBits: 15, memoryLevel: 8, level: 6, contextTakeover: false)
        let alone = deflater.compress(Array("Hello".utf8))
        var output: [UInt8] = [1, 2, 3]
        Array("Hello".utf8).withUnsafeBytes { deflater.compress($0, appendingTo: &output) }
        #expect(output == [1, 2, 3] + alone)
    }

    @Test func contextTakeoverMakesARepeatedMessageSmaller() {
        let message = TestData.random(2_000)
        let takeover = MessageDeflater(windowBits: 15, memoryLevel: 8, level: 6, contextTakeover: true)
        let first = takeover.compress(message)
        let second = takeover.compress(message)
        #expect(second.count * 10 < first.count)

        let inflater = MessageInflater(windowBits: 15, contextTakeover: true)
        expectSameBytes(inflater.decompressMessage(first), message)
        expectSameBytes(inflater.decompressMessage(second), message)
    }

    @Test func withoutContextTakeoverEveryMessageStandsAlone() {
        let message = TestData.repetitive(2_000)
        let deflater = MessageDeflater(windowBits: 15, memoryLevel: 8, level: 6, contextTakeover: false)
        let first = deflater.compress(message)
        let second = deflater.compress(message)
        #expect(first == second)
        // A fresh inflater (a different connection sharing this deflater) decodes the second alone.
        expectSameBytes(MessageInflater(windowBits: 15, contextTakeover: false).decompressMessage(second), message)
    }

    @Test func everyWindowSizeAndMemoryLevelRoundTrips() {
        let message = TestData.repetitive(40_000) + TestData.random(3_000)
        for windowBits in 8...15 {
            for memoryLevel in [1, 8, 9] {
                let deflater = MessageDeflater(windowBits: windowBits, memoryLevel: memoryLevel, level: 9, contextTakeover: true)
                let inflater = MessageInflater(windowBits: windowBits, contextTakeover: true)
                for _ in 0..<2 {
                    expectSameBytes(inflater.decompressMessage(deflater.compress(message)), message, "w\(windowBits) m\(memoryLevel)")
                }
            }
        }
    }

    @Test func eightBitDeflaterOutputInflatesWithATrue256ByteWindow() {
        // zlib runs an 8-bit deflater at 9 bits; its matches must still reach back at most 256 bytes.
        // Text with repeats at distances 251...600 tempts zlib to reach as far as its window allows.
        var generator = SplitMix64(state: 99)
        var message: [UInt8] = []
        while message.count < 200_000 {
            let phrase = TestData.random(Int.random(in: 8...40, using: &generator), seed: generator.next() % 16)
            message += phrase
            message += TestData.random(Int.random(in: 243...600, using: &generator), seed: generator.next())
        }
        let deflater = MessageDeflater(windowBits: 8, memoryLevel: 9, level: 9, contextTakeover: true)
        #expect(deflater.windowBits == 8)
        #expect(deflater.zlibWindowBits == 9)
        let inflater = MessageInflater(windowBits: 8, contextTakeover: true)
        for _ in 0..<3 {
            expectSameBytes(inflater.decompressMessage(deflater.compress(message)), message)
        }
    }

    @Test func aLevelZeroDeflaterStoresTheMessage() {
        let message = TestData.random(100_000)
        let compressed = MessageDeflater(windowBits: 15, memoryLevel: 8, level: 0, contextTakeover: false).compress(message)
        #expect(compressed.count > message.count)
        expectSameBytes(MessageInflater(windowBits: 15, contextTakeover: false).decompressMessage(compressed), message)
    }

    @Test func memoryCostFollowsZlibsFormulaPlusItsState() {
        #expect(MessageDeflater.memoryCostBytes(windowBits: 15, memoryLevel: 8) == 262_144 + 5_952 + 112)
        #expect(MessageDeflater.memoryCostBytes(windowBits: 8, memoryLevel: 1)
            == MessageDeflater.memoryCostBytes(windowBits: 9, memoryLevel: 1))
        #expect(MessageInflater.memoryCostBytes(windowBits: 15) == 32_768 + 7_160 + 112)
        #expect(MessageInflater.memoryCostBytes(windowBits: 12) == 4_096 + 7_160 + 112)
    }
}
