/// What this endpoint is willing to do for permessage-deflate (RFC 7692).
///
/// The defaults keep per-connection memory small (figures for zlib 1.2.13, 64-bit):
/// - our messages: the server resets its compressor after each message, so with
///   `PerMessageDeflateSharedDeflaters` one deflater per thread (about 262 KiB) serves every
///   connection on it, and a connection holds no deflate memory at all;
/// - the peer's messages: an inflater holds `1 << windowBits` plus about 7 KiB, created on the
///   first compressed message: about 11 KiB with a 12-bit client window, 39 KiB with 15. It is
///   released after every message when the client resets its context.
public struct PerMessageDeflateOptions: Sendable, Equatable {
    /// Whether to negotiate permessage-deflate at all. Server: accept offers. Client: send one.
    public var enabled: Bool
    /// The server resets its compressor after every message. Server: announced in every response,
    /// so one deflater per thread can serve all connections. Client: requested in the offer.
    /// A server honours a client's request for it whatever this says.
    public var serverNoContextTakeover: Bool
    /// The client resets its compressor after every message, so the server can release its
    /// inflater between messages. Server: confirmed in the response only when the client's offer
    /// names `client_no_context_takeover` (RFC 7692 §7.1.1.1). Client: announced in the offer, and kept.
    public var requestClientNoContextTakeover: Bool
    /// The largest LZ77 window, as a power of two (8...15), for the server's messages; a peer's
    /// inflater needs `1 << bits` bytes. Server: its deflater's window, lowered to a client's
    /// `server_max_window_bits` and announced when below 15. Client: requested when below 15.
    public var serverMaxWindowBits: Int
    /// The largest LZ77 window (8...15) for the client's messages, which sizes the server's
    /// inflater. Server: imposed as `client_max_window_bits` when the client's offer names that
    /// parameter (a client that doesn't may use 15). Client: its deflater's window.
    public var clientMaxWindowBits: Int
    /// Client: name `client_max_window_bits` in the offer, letting the server shrink our window
    /// (RFC 7692 §7.1.2.2). Turn off only for a server that rejects the parameter.
    public var offerClientMaxWindowBits: Bool
    /// zlib's memLevel (1...9) for our deflaters: `1 << (memoryLevel + 9)` bytes of hash table and
    /// block buffer each, on top of `4 << windowBits` for the window. 8 is zlib's default.
    public var memoryLevel: Int
    /// zlib's compression level, 0...9, or -1 for zlib's default (6). Lower is faster.
    public var compressionLevel: Int
    /// Messages shorter than this many bytes are sent uncompressed: deflate seldom shrinks them
    /// and still costs CPU. RFC 7692 lets every message choose (RSV1 per message).
    public var minimumMessageBytesToCompress: Int

    /// Options with memory-conscious defaults (see the type comment).
    public init(
        enabled: Bool = true,
        serverNoContextTakeover: Bool = true,
        requestClientNoContextTakeover: Bool = true,
        serverMaxWindowBits: Int = 15,
        clientMaxWindowBits: Int = 12,
        offerClientMaxWindowBits: Bool = true,
        memoryLevel: Int = 8,
        compressionLevel: Int = 6,
        minimumMessageBytesToCompress: Int = 128
    ) {
        self.enabled = enabled
        self.serverNoContextTakeover = serverNoContextTakeover
        self.requestClientNoContextTakeover = requestClientNoContextTakeover
        self.serverMaxWindowBits = serverMaxWindowBits
        self.clientMaxWindowBits = clientMaxWindowBits
        self.offerClientMaxWindowBits = offerClientMaxWindowBits
        self.memoryLevel = memoryLevel
        self.compressionLevel = compressionLevel
        self.minimumMessageBytesToCompress = minimumMessageBytesToCompress
    }

    /// Traps on values zlib or RFC 7692 cannot take: options are configuration, so a bad one is a bug.
    func checkRanges() {
        precondition((8...15).contains(serverMaxWindowBits), "serverMaxWindowBits must be 8...15, got \(serverMaxWindowBits)")
        precondition((8...15).contains(clientMaxWindowBits), "clientMaxWindowBits must be 8...15, got \(clientMaxWindowBits)")
        precondition((1...9).contains(memoryLevel), "memoryLevel must be 1...9, got \(memoryLevel)")
        precondition((-1...9).contains(compressionLevel), "compressionLevel must be -1...9, got \(compressionLevel)")
        precondition(minimumMessageBytesToCompress >= 0, "minimumMessageBytesToCompress must not be negative")
    }
}
