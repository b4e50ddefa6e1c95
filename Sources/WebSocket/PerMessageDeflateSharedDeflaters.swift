import Compression

/// The deflaters one thread shares among all its connections whose outgoing messages use no
/// context takeover: one per window size, created on first use.
///
/// Sharing is safe because a deflater without context takeover holds nothing between messages
/// (RFC 7692 §7.1.1.1) and compresses a whole message in one call. With the default options
/// (`serverNoContextTakeover`, 15 bits, memory level 8) a server thread holds one deflater of
/// about 262 KiB, and its connections none. Not thread-safe: create one per event-loop thread
/// and pass it to every `PerMessageDeflateContext` on that thread.
public final class PerMessageDeflateSharedDeflaters {
    /// zlib's memLevel for every deflater here.
    public let memoryLevel: Int
    /// zlib's compression level for every deflater here.
    public let compressionLevel: Int
    /// Indexed by window bits - 8.
    private var deflaters: [MessageDeflater?] = Array(repeating: nil, count: 8)

    /// A pool for deflaters with these zlib settings.
    public init(memoryLevel: Int, compressionLevel: Int) {
        self.memoryLevel = memoryLevel
        self.compressionLevel = compressionLevel
    }

    /// A pool with the memory and compression levels of `options`.
    public convenience init(options: PerMessageDeflateOptions) {
        options.checkRanges()
        self.init(memoryLevel: options.memoryLevel, compressionLevel: options.compressionLevel)
    }

    /// The thread's deflater for messages a peer inflates with a `windowBits` window (8...15).
    public func deflater(windowBits: Int) -> MessageDeflater {
        precondition((8...15).contains(windowBits), "window bits must be 8...15, got \(windowBits)")
        if let deflater = deflaters[windowBits - 8] { return deflater }
        let deflater = MessageDeflater(
            windowBits: windowBits, memoryLevel: memoryLevel, level: compressionLevel, contextTakeover: false
        )
        deflaters[windowBits - 8] = deflater
        return deflater
    }

    /// Bytes zlib holds for the deflaters created so far, approximately.
    public var retainedMemoryBytes: Int {
        deflaters.reduce(0) { $0 + ($1?.memoryCostBytes ?? 0) }
    }
}
