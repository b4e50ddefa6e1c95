import Testing
@testable import WebSocket

/// The RFC 6455 §5.3 definition, one byte at a time: byte i is XORed with key byte (i + offset) mod 4.
func naiveMask(_ bytes: [UInt8], key: [UInt8], offset: Int) -> [UInt8] {
    bytes.enumerated().map { index, byte in byte ^ key[(index + offset) % 4] }
}

@Suite struct MaskingTests {
    static let keyBytes: [UInt8] = [0x37, 0xFA, 0x21, 0x3D]
    static let key = maskingKey(0x37, 0xFA, 0x21, 0x3D)

    @Test(arguments: 0...3)
    func maskingEqualsByteWiseXORForEveryLengthUpTo40(_ offset: Int) {
        for length in 0...40 {
            let payload = pseudoRandomBytes(length, seed: UInt64(length * 4 + offset))
            var masked = payload
            masked.withUnsafeMutableBytes { applyMask($0, key: Self.key, offset: offset) }
            #expect(masked == naiveMask(payload, key: Self.keyBytes, offset: offset), "length \(length)")
        }
    }

    @Test(arguments: 0...7)
    func maskingWorksFromAnyAlignmentOfTheBuffer(_ misalignment: Int) {
        let payload = pseudoRandomBytes(37, seed: 9)
        var storage = [UInt8](repeating: 0xEE, count: misalignment) + payload + [0xEE]
        storage.withUnsafeMutableBytes { raw in
            applyMask(UnsafeMutableRawBufferPointer(rebasing: raw[misalignment..<(misalignment + 37)]), key: Self.key, offset: 1)
        }
        #expect(Array(storage[misalignment..<(misalignment + 37)]) == naiveMask(payload, key: Self.keyBytes, offset: 1))
        #expect(storage.prefix(misalignment).allSatisfy { $0 == 0xEE }, "bytes before the range were touched")
        #expect(storage.last == 0xEE, "the byte after the range was touched")
    }

    @Test func unmaskingTwiceGivesBackTheOriginal() {
        for offset in 0...3 {
            for length in [0, 1, 7, 8, 9, 64, 1000] {
                let payload = pseudoRandomBytes(length, seed: UInt64(length))
                var bytes = payload
                bytes.withUnsafeMutableBytes { applyMask($0, key: Self.key, offset: offset) }
                bytes.withUnsafeMutableBytes { applyMask($0, key: Self.key, offset: offset) }
                #expect(bytes == payload, "offset \(offset), length \(length)")
            }
        }
    }

    @Test func maskingInPiecesEqualsMaskingAtOnceWhenOffsetsCarryOver() {
        let payload = pseudoRandomBytes(50, seed: 4)
        let expected = naiveMask(payload, key: Self.keyBytes, offset: 0)
        for cut in 0...50 {
            var bytes = payload
            bytes.withUnsafeMutableBytes { raw in
                applyMask(UnsafeMutableRawBufferPointer(rebasing: raw[..<cut]), key: Self.key, offset: 0)
                applyMask(UnsafeMutableRawBufferPointer(rebasing: raw[cut...]), key: Self.key, offset: cut)
            }
            #expect(bytes == expected, "cut at \(cut)")
        }
    }

    @Test func maskingReproducesTheRFCMaskedHello() {
        var hello = Array("Hello".utf8)
        hello.withUnsafeMutableBytes { applyMask($0, key: Self.key, offset: 0) }
        #expect(hello == [0x7F, 0x9F, 0x4D, 0x51, 0x58])
    }

    @Test func anAllZeroKeyLeavesBytesAlone() {
        var bytes = pseudoRandomBytes(20)
        bytes.withUnsafeMutableBytes { applyMask($0, key: 0, offset: 3) }
        #expect(bytes == pseudoRandomBytes(20))
    }

    @Test func maskingAnEmptyBufferDoesNothing() {
        applyMask(UnsafeMutableRawBufferPointer(start: nil, count: 0), key: Self.key, offset: 2)
    }

    @Test func keyGeneratorHandsOutVaryingKeysAcrossItsRefills() {
        let generator = MaskingKeyGenerator()
        let keys = (0..<600).map { _ in generator.next() }
        // 600 draws of 32 random bits: repeats are possible but more than a
        // handful would mean the batch is not being refilled.
        #expect(Set(keys).count > 590)
        #expect(Set(keys[0..<256]) != Set(keys[256..<512]))
    }
}
