import CZlib

/// A raw-deflate compressor for one WebSocket message at a time (RFC 7692 §7.2.1).
///
/// Each message is deflated with `Z_SYNC_FLUSH`, which ends it with an empty stored block
/// (`00 00 FF FF`, BFINAL = 0); those four bytes are removed as §7.2.1 requires. With context
/// takeover the LZ77 window carries over to the next message; without it the stream is reset
/// after every message, so one deflater can serve many connections on one thread.
///
/// Window bits 8: zlib 1.2.9 and later refuse raw deflate with 8 window bits
/// (`deflateInit2` returns `Z_STREAM_ERROR`; older versions silently used 9). Asked for 8, this
/// class runs zlib at 9. That still fits a peer's 256-byte window: zlib never emits a match
/// farther back than `w_size - MIN_LOOKAHEAD` = 512 - 262 = 250 bytes at 9 bits (`MAX_DIST` in
/// zlib's deflate.h). The test `eightBitDeflaterOutputInflatesWithATrue256ByteWindow` guards it.
///
/// Not thread-safe: confine each instance to one thread.
public final class MessageDeflater {
    /// The LZ77 window, as a power of two, that every emitted back-reference fits in (8...15).
    public let windowBits: Int
    /// Whether the LZ77 window carries over from one message to the next.
    public let contextTakeover: Bool
    /// zlib's memLevel, 1...9.
    public let memoryLevel: Int
    /// The window bits zlib actually runs with (9 when asked for 8, see the type comment).
    let zlibWindowBits: Int
    private let stream: UnsafeMutablePointer<z_stream>

    /// Creates a compressor; zlib allocates about `memoryCostBytes(windowBits:memoryLevel:)` right away.
    /// - Parameters:
    ///   - windowBits: the LZ77 window the peer agreed to take, 8...15.
    ///   - memoryLevel: zlib's memLevel, 1...9: hash table and block buffer size (8 is zlib's default).
    ///   - level: zlib's compression level, 0...9, or -1 for zlib's default (6).
    ///   - contextTakeover: keep the window across messages (false resets after each message).
    public init(windowBits: Int, memoryLevel: Int, level: Int, contextTakeover: Bool) {
        precondition((8...15).contains(windowBits), "deflate window bits must be 8...15, got \(windowBits)")
        precondition((1...9).contains(memoryLevel), "zlib memory level must be 1...9, got \(memoryLevel)")
        precondition((-1...9).contains(level), "zlib compression level must be -1...9, got \(level)")
        self.windowBits = windowBits
        self.contextTakeover = contextTakeover
        self.memoryLevel = memoryLevel
        self.zlibWindowBits = max(9, windowBits)
        self.stream = ZlibStream.allocate()
        // Negative window bits select raw deflate: no zlib header or checksum (RFC 7692 §7.2.1).
        let status = czlib_deflate_init(stream, Int32(level), -Int32(zlibWindowBits), Int32(memoryLevel))
        precondition(status == Z_OK, "deflateInit2 failed with zlib status \(status)")
    }

    deinit {
        deflateEnd(stream)
        ZlibStream.deallocate(stream)
    }

    /// Compresses one whole message and appends the output to `output`, with the trailing
    /// `00 00 FF FF` removed (RFC 7692 §7.2.1). Resets the stream afterwards when `!contextTakeover`.
    public func compress(_ message: UnsafeRawBufferPointer, appendingTo output: inout [UInt8]) {
        let start = output.count
        ZlibStream.setInput(stream, message)
        defer { ZlibStream.clearBuffers(stream) }
        let boundBytes = Int(deflateBound(stream, uLong(message.count)))
        var stepBytes = ZlibOutput.firstStepBytes(expectedBytes: boundBytes + 8)
        while true {
            let unused = output.appendStep(stepBytes) { out in
                stream.pointee.next_out = out
                stream.pointee.avail_out = uInt(stepBytes)
                // Z_BUF_ERROR only means "no progress possible": the flush was already complete.
                let status = deflate(stream, Z_SYNC_FLUSH)
                precondition(status == Z_OK || status == Z_BUF_ERROR, "deflate failed with zlib status \(status)")
                return Int(stream.pointee.avail_out)
            }
            // zlib.h: a flush is complete once deflate returns with room to spare.
            if unused > 0 { break }
            stepBytes = ZlibOutput.nextStepBytes(after: stepBytes)
        }
        precondition(stream.pointee.avail_in == 0, "deflate left input unconsumed after a sync flush")
        precondition(
            output.count - start >= 4 && output[(output.count - 4)...].elementsEqual(MessageDeflater.syncFlushTail),
            "a sync flush must end with an empty stored block"
        )
        output.removeLast(4)
        if !contextTakeover {
            deflateReset(stream)
        }
    }

    /// The empty stored block a sync flush ends with, removed from every message (RFC 7692 §7.2.1).
    static let syncFlushTail: [UInt8] = [0x00, 0x00, 0xFF, 0xFF]
}

extension MessageDeflater {
    /// Bytes zlib holds for one deflater, approximately: zlib's documented
    /// `(1 << (windowBits + 2)) + (1 << (memoryLevel + 9))` plus its internal state (5,952 bytes
    /// measured on zlib 1.2.13, x86-64) and the `z_stream`. Window bits 8 costs as 9 (see the type comment).
    public static func memoryCostBytes(windowBits: Int, memoryLevel: Int) -> Int {
        let zlibWindowBits = max(9, windowBits)
        return (1 << (zlibWindowBits + 2)) + (1 << (memoryLevel + 9)) + deflateStateBytes + ZlibStream.streamBytes
    }

    /// Bytes zlib holds for this deflater, approximately (see `memoryCostBytes(windowBits:memoryLevel:)`).
    public var memoryCostBytes: Int {
        Self.memoryCostBytes(windowBits: windowBits, memoryLevel: memoryLevel)
    }

    /// `sizeof(deflate_state)` in zlib 1.2.13 on 64-bit Linux.
    static let deflateStateBytes = 5_952
}
