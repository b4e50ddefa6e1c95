import Testing
@testable import Compression

/// Decompression bombs: tiny inputs that inflate to huge messages must stop exactly at the cap.
@Suite struct InflateBombTests {
    /// 100 MiB of zeros as one compressed message (about 450 KiB), built without 100 MiB in memory:
    /// 1 MiB messages with context takeover, joined by the sync-flush tails the deflater stripped.
    static let hundredMebibytesOfZeros: [UInt8] = {
        // Level 1 (zlib's deflate_fast) builds it several times faster than the default level.
        let deflater = MessageDeflater(windowBits: 15, memoryLevel: 8, level: 1, contextTakeover: true)
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        var bomb: [UInt8] = []
        for index in 0..<100 {
            if index > 0 { bomb += [0x00, 0x00, 0xFF, 0xFF] }
            zeros.withUnsafeBytes { deflater.compress($0, appendingTo: &bomb) }
        }
        return bomb
    }()

    static let mebibyte = 1 << 20

    @Test func aBombStopsExactlyAtTheCapWithoutABigAllocation() {
        let bomb = Self.hundredMebibytesOfZeros
        #expect(bomb.count < 500_000, "a ratio above 200:1")
        let inflater = MessageInflater(windowBits: 15, contextTakeover: false)
        var output: [UInt8] = []
        #expect(inflater.decompressMessage(bomb, maxMessageBytes: Self.mebibyte, into: &output) == .messageTooLarge)
        #expect(output.count == Self.mebibyte)
        #expect(output.allSatisfy { $0 == 0 })
        // Geometric growth of one array up to the cap; nothing near 100 MiB.
        #expect(output.capacity <= 2 * Self.mebibyte + ZlibOutput.maxStepBytes)
    }

    @Test(arguments: [1, 2, 1_000])
    func aFragmentedBombStopsExactlyAtTheCap(fragmentBytes: Int) {
        let bomb = Array(Self.hundredMebibytesOfZeros.prefix(20_000))
        let inflater = MessageInflater(windowBits: 15, contextTakeover: false)
        var output: [UInt8] = []
        #expect(inflater.decompressMessage(bomb, fragmentBytes: fragmentBytes, maxMessageBytes: 300_001, into: &output) == .messageTooLarge)
        #expect(output.count == 300_001)
    }

    @Test func aMessageOfExactlyTheCapIsAccepted() {
        let message = TestData.repetitive(Self.mebibyte)
        let compressed = MessageDeflater(windowBits: 15, memoryLevel: 8, level: 6, contextTakeover: false).compress(message)
        var output: [UInt8] = []
        let inflater = MessageInflater(windowBits: 15, contextTakeover: false)
        #expect(inflater.decompressMessage(compressed, maxMessageBytes: Self.mebibyte, into: &output) == .ok)
        expectSameBytes(output, message)

        output = []
        #expect(inflater.decompressMessage(compressed, maxMessageBytes: Self.mebibyte - 1, into: &output) == .messageTooLarge)
        #expect(output.count == Self.mebibyte - 1)
    }

    @Test func theCapCountsWhatTheOutputAlreadyHolds() {
        let compressed = MessageDeflater(windowBits: 15, memoryLevel: 8, level: 6, contextTakeover: false).compress(Array("Hello".utf8))
        let inflater = MessageInflater(windowBits: 15, contextTakeover: false)
        var output: [UInt8] = [1, 2, 3, 4, 5, 6]
        #expect(inflater.decompressMessage(compressed, maxMessageBytes: 10, into: &output) == .messageTooLarge)
        #expect(output == [1, 2, 3, 4, 5, 6, 0x48, 0x65, 0x6C, 0x6C])

        output = [1, 2, 3, 4, 5]
        #expect(inflater.decompressMessage(compressed, maxMessageBytes: 10, into: &output) == .ok)
        #expect(output.count == 10)
    }

    @Test func anEmptyMessageFitsAZeroCap() {
        let compressed = MessageDeflater(windowBits: 15, memoryLevel: 8, level: 6, contextTakeover: false).compress([])
        var output: [UInt8] = []
        #expect(MessageInflater(windowBits: 15, contextTakeover: false).decompressMessage(compressed, maxMessageBytes: 0, into: &output) == .ok)
        #expect(output.isEmpty)
    }

    @Test func anInflaterIsUsableAgainAfterABomb() {
        let inflater = MessageInflater(windowBits: 15, contextTakeover: true)
        var output: [UInt8] = []
        #expect(inflater.decompressMessage(Self.hundredMebibytesOfZeros, maxMessageBytes: 4_096, into: &output) == .messageTooLarge)
        let compressed = MessageDeflater(windowBits: 15, memoryLevel: 8, level: 6, contextTakeover: true).compress(Array("Hello".utf8))
        #expect(inflater.decompressMessage(compressed) == Array("Hello".utf8))
    }
}
