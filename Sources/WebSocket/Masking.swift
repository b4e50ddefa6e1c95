/// XOR masking of payload bytes (RFC 6455 §5.3), eight bytes at a time.
///
/// `key` holds the four masking-key bytes in wire order in its memory
/// representation; `offset` is how many payload bytes of this frame came
/// before `bytes`, so a payload split across reads unmasks correctly.
@inline(__always)
public func applyMask(_ bytes: UnsafeMutableRawBufferPointer, key: UInt32, offset: Int) {
    guard let base = bytes.baseAddress, bytes.count > 0 else { return }
    let rotate = UInt32((offset & 3) * 8)
    // Little-endian memory: byte i of the word is key byte (offset + i) % 4.
    let rotated = UInt32(littleEndian: key.littleEndian >> rotate | (rotate == 0 ? 0 : key.littleEndian << (32 - rotate)))
    let wide = UInt64(rotated) | UInt64(rotated) << 32
    var index = 0
    let count = bytes.count
    while index + 8 <= count {
        let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        base.storeBytes(of: word ^ wide, toByteOffset: index, as: UInt64.self)
        index += 8
    }
    var keyBytes = rotated
    while index < count {
        let byte = base.load(fromByteOffset: index, as: UInt8.self)
        base.storeBytes(of: byte ^ UInt8(truncatingIfNeeded: keyBytes), toByteOffset: index, as: UInt8.self)
        keyBytes = keyBytes >> 8 | keyBytes << 24
        index += 1
    }
}
