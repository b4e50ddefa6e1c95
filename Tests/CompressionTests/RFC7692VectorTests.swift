import Testing
import Compression

/// The examples of RFC 7692 §7.2.3, byte for byte.
@Suite struct RFC7692VectorTests {
    static let hello = Array("Hello".utf8)
    /// §7.2.3.1: "Hello" in one compressed block.
    static let compressedHello: [UInt8] = [0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00]
    /// §7.2.3.2: the second "Hello" with a shared window: one back-reference.
    static let helloAgainWithContext: [UInt8] = [0xF2, 0x00, 0x11, 0x00, 0x00]
    /// §7.2.3.3: "Hello" in a stored block.
    static let storedHello: [UInt8] = [0x00, 0x05, 0x00, 0xFA, 0xFF, 0x48, 0x65, 0x6C, 0x6C, 0x6F, 0x00]
    /// §7.2.3.4: "Hello" in a BFINAL block, then the header bits of an empty stored block.
    static let finalBlockHello: [UInt8] = [0xF3, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00, 0x00]
    /// §7.2.3.5: "He" and "llo" in two blocks.
    static let twoBlockHello: [UInt8] = [0xF2, 0x48, 0x05, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xCA, 0xC9, 0xC9, 0x07, 0x00]

    @Test func helloCompressesToTheRFCBytes() {
        let deflater = MessageDeflater(windowBits: 15, memoryLevel: 8, level: 6, contextTakeover: false)
        #expect(deflater.compress(Self.hello) == Self.compressedHello)
    }

    @Test func aSecondHelloWithContextTakeoverIsTheRFCBackReference() {
        let deflater = MessageDeflater(windowBits: 15, memoryLevel: 8, level: 6, contextTakeover: true)
        #expect(deflater.compress(Self.hello) == Self.compressedHello)
        #expect(deflater.compress(Self.hello) == Self.helloAgainWithContext)
    }

    @Test func theRFCPayloadsInflateToHello() {
        for payload in [Self.compressedHello, Self.storedHello, Self.finalBlockHello, Self.twoBlockHello] {
            #expect(MessageInflater(windowBits: 15, contextTakeover: false).decompressMessage(payload) == Self.hello)
        }
    }

    @Test func theFragmentedRFCExampleInflatesToHello() {
        // §7.2.3.1: the same payload split over two frames, 3 + 4 bytes.
        let inflater = MessageInflater(windowBits: 15, contextTakeover: false)
        #expect(inflater.decompressMessage(Self.compressedHello, fragmentBytes: 3) == Self.hello)
    }

    @Test func theSharedWindowExampleInflatesToHelloTwice() {
        let inflater = MessageInflater(windowBits: 15, contextTakeover: true)
        #expect(inflater.decompressMessage(Self.compressedHello) == Self.hello)
        #expect(inflater.decompressMessage(Self.helloAgainWithContext) == Self.hello)
    }

    @Test(arguments: [1, 100])
    func everyRFCPayloadKeepsTheWindowForTheNextMessage(fragmentBytes: Int) {
        for first in [Self.compressedHello, Self.storedHello, Self.finalBlockHello, Self.twoBlockHello] {
            let inflater = MessageInflater(windowBits: 15, contextTakeover: true)
            #expect(inflater.decompressMessage(first, fragmentBytes: fragmentBytes) == Self.hello)
            #expect(inflater.decompressMessage(Self.helloAgainWithContext, fragmentBytes: fragmentBytes) == Self.hello)
        }
    }

    @Test func aMessageEndingAtABFINALBlockNeedsNoTrailingByte() {
        // Without §7.2.3.4's extra 0x00 the data simply ends with the final block.
        let inflater = MessageInflater(windowBits: 15, contextTakeover: true)
        #expect(inflater.decompressMessage(Array(Self.finalBlockHello.dropLast())) == Self.hello)
        #expect(inflater.decompressMessage(Self.helloAgainWithContext) == Self.hello)
    }

    @Test func blocksMayFollowABFINALBlockInTheSameMessage() {
        // "Hello" (BFINAL), then a stored-block header, then "He" + "llo" again referring back.
        let payload = Self.finalBlockHello + [0x00, 0x00, 0xFF, 0xFF] + Self.helloAgainWithContext
        let inflater = MessageInflater(windowBits: 15, contextTakeover: false)
        #expect(inflater.decompressMessage(payload) == Array("HelloHello".utf8))
    }

    @Test func twoBFINALBlocksEndingTheMessageInflate() {
        let payload = Array(Self.finalBlockHello.dropLast()) + Array(Self.finalBlockHello.dropLast())
        let inflater = MessageInflater(windowBits: 15, contextTakeover: true)
        #expect(inflater.decompressMessage(payload) == Array("HelloHello".utf8))
        #expect(inflater.decompressMessage(Self.helloAgainWithContext) == Self.hello)
    }

    @Test func dataAfterASecondBFINALBlockInOneMessageIsCorruptData() {
        // Each restart copies the window; a peer must not make us do it once per 2-byte block.
        let payload = Self.finalBlockHello + Self.finalBlockHello
        var output: [UInt8] = []
        #expect(MessageInflater(windowBits: 15, contextTakeover: true).decompressMessage(payload, into: &output) == .corruptData)
    }

    @Test func withoutContextTakeoverTheBackReferenceIsCorruptData() {
        let inflater = MessageInflater(windowBits: 15, contextTakeover: false)
        #expect(inflater.decompressMessage(Self.compressedHello) == Self.hello)
        var output: [UInt8] = []
        #expect(inflater.decompressMessage(Self.helloAgainWithContext, into: &output) == .corruptData)
    }
}
