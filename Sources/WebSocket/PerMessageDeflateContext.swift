import Compression

/// One connection's permessage-deflate state: a deflater for the messages we send and an
/// inflater for those we receive, derived from the agreed parameters and our role.
///
/// Memory (an idle connection that never sent or received a compressed message holds none):
/// - Outgoing without context takeover and with `sharedDeflaters`: the thread's shared deflater;
///   nothing per connection. Otherwise our own deflater, created on the first compressed message
///   and kept (about `4 << windowBits` + `512 << memoryLevel` bytes).
/// - Incoming: an inflater created on the first compressed message (`1 << windowBits` + about
///   7 KiB). Without the peer's context takeover it is released after every message, so between
///   messages the connection holds nothing; with it the window must be kept.
///
/// Not thread-safe: confine to the connection's thread.
public final class PerMessageDeflateContext {
    /// The parameters agreed in the handshake.
    public let parameters: PerMessageDeflateParameters
    /// Which end we are: decides which parameters govern our messages.
    public let role: WebSocketRole
    private let options: PerMessageDeflateOptions
    private let sharedDeflaters: PerMessageDeflateSharedDeflaters?
    private var ownDeflater: MessageDeflater?
    private var inflater: MessageInflater?
    /// Inflated bytes of the current fragment before they join the message;
    /// reused across fragments so inflating does not allocate per frame.
    fileprivate var inflateScratch: [UInt8] = []

    /// A context holding no zlib memory until the first compressed message either way.
    /// - Parameter sharedDeflaters: the thread's pool, used when our messages have no context takeover.
    public init(
        parameters: PerMessageDeflateParameters,
        role: WebSocketRole,
        options: PerMessageDeflateOptions,
        sharedDeflaters: PerMessageDeflateSharedDeflaters? = nil
    ) {
        options.checkRanges()
        for bits in [parameters.serverMaxWindowBits, parameters.clientMaxWindowBits] {
            precondition((8...15).contains(bits), "agreed window bits must be 8...15, got \(bits)")
        }
        self.parameters = parameters
        self.role = role
        self.options = options
        self.sharedDeflaters = sharedDeflaters
    }

    /// The window our messages must fit in: the peer's inflater size.
    public var outgoingWindowBits: Int {
        role == .server ? parameters.serverMaxWindowBits : parameters.clientMaxWindowBits
    }

    /// Whether our compressor keeps its window from one message to the next.
    public var outgoingContextTakeover: Bool {
        !(role == .server ? parameters.serverNoContextTakeover : parameters.clientNoContextTakeover)
    }

    /// The window the peer's messages fit in: our inflater size.
    public var incomingWindowBits: Int {
        role == .server ? parameters.clientMaxWindowBits : parameters.serverMaxWindowBits
    }

    /// Whether the peer's compressor keeps its window, so ours must too.
    public var incomingContextTakeover: Bool {
        !(role == .server ? parameters.clientNoContextTakeover : parameters.serverNoContextTakeover)
    }

    /// Whether a message of this size is worth compressing (`minimumMessageBytesToCompress`).
    public func shouldCompress(messageBytes: Int) -> Bool {
        messageBytes >= options.minimumMessageBytesToCompress
    }

    /// Compresses one whole outgoing message and appends the payload to `output` (RFC 7692 §7.2.1);
    /// the caller sends it with RSV1 set on the first frame. Once compressed, a message must be
    /// sent compressed: with context takeover our window already holds it.
    public func compress(_ message: UnsafeRawBufferPointer, appendingTo output: inout [UInt8]) {
        outgoingDeflater().compress(message, appendingTo: &output)
    }

    /// Inflates one frame's payload of an incoming compressed message (RSV1 on its first frame),
    /// appending to `output`; `isFinal` on the frame with FIN. Stops at `maxMessageBytes`,
    /// counting what `output` already holds. On anything but `.ok` fail the connection:
    /// `.messageTooLarge` with 1009, `.corruptData` with 1007.
    public func decompress(
        _ fragment: UnsafeRawBufferPointer, isFinal: Bool, maxMessageBytes: Int, appendingTo output: inout [UInt8]
    ) -> InflateOutcome {
        let inflater = self.inflater ?? MessageInflater(windowBits: incomingWindowBits, contextTakeover: incomingContextTakeover)
        let outcome = inflater.decompress(fragment, isFinal: isFinal, maxMessageBytes: maxMessageBytes, appendingTo: &output)
        // Between messages a peer without context takeover leaves us nothing worth keeping.
        let keep = outcome == .ok && (!isFinal || incomingContextTakeover)
        self.inflater = keep ? inflater : nil
        return outcome
    }

    /// Bytes of zlib memory this connection holds now, approximately (shared deflaters excluded).
    public var retainedMemoryBytes: Int {
        (ownDeflater?.memoryCostBytes ?? 0) + (inflater?.memoryCostBytes ?? 0)
    }

    private func outgoingDeflater() -> MessageDeflater {
        if !outgoingContextTakeover, let sharedDeflaters {
            return sharedDeflaters.deflater(windowBits: outgoingWindowBits)
        }
        if let ownDeflater { return ownDeflater }
        let deflater = MessageDeflater(
            windowBits: outgoingWindowBits,
            memoryLevel: options.memoryLevel,
            level: options.compressionLevel,
            contextTakeover: outgoingContextTakeover
        )
        ownDeflater = deflater
        return deflater
    }
}

extension PerMessageDeflateContext: MessageDecompressing {
    public func decompress(
        _ fragment: UnsafeRawBufferPointer, isFinal: Bool, maxMessageBytes: Int, into output: ByteAccumulator
    ) -> DecompressionOutcome {
        // zlib writes into an array; the inflated bytes are then copied into the
        // message accumulator (compressed messages only).
        inflateScratch.removeAll(keepingCapacity: true)
        let outcome = decompress(
            fragment, isFinal: isFinal, maxMessageBytes: maxMessageBytes - output.count, appendingTo: &inflateScratch)
        inflateScratch.withUnsafeBytes { output.append($0) }
        // Keep a small scratch between messages; drop a big one (an idle
        // connection should not pin the size of its largest message).
        if isFinal, inflateScratch.capacity > 64 * 1024 { inflateScratch = [] }
        switch outcome {
        case .ok: return .ok
        case .messageTooLarge: return .messageTooLarge
        case .corruptData: return .corruptData
        }
    }
}
