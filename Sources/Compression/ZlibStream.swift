import CZlib

/// A heap-allocated `z_stream` (zlib keeps pointers into it, so it must not move).
enum ZlibStream {
    /// Allocates a zeroed stream: null `zalloc`/`zfree`/`opaque` select zlib's malloc and free.
    static func allocate() -> UnsafeMutablePointer<z_stream> {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        return stream
    }

    /// Frees a stream whose zlib state was already released (`deflateEnd` / `inflateEnd`).
    static func deallocate(_ stream: UnsafeMutablePointer<z_stream>) {
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Points zlib's input at `bytes` (zlib's `next_in` is not const, but zlib never writes through it).
    static func setInput(_ stream: UnsafeMutablePointer<z_stream>, _ bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count <= Int(UInt32.max), "zlib counts input in 32 bits; messages are capped far below 4 GiB")
        stream.pointee.next_in = bytes.baseAddress.map {
            UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: Bytef.self))
        }
        stream.pointee.avail_in = uInt(bytes.count)
    }

    /// Drops zlib's pointers into caller memory once a call is over.
    static func clearBuffers(_ stream: UnsafeMutablePointer<z_stream>) {
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        stream.pointee.next_out = nil
        stream.pointee.avail_out = 0
    }

    /// Bytes of the `z_stream` itself.
    static let streamBytes = MemoryLayout<z_stream>.size
}
