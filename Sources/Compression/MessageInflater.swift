import CZlib

/// A raw-deflate decompressor that enforces a cap on the inflated size of each message (decompression bombs).
///
/// Fragments are inflated as they arrive, in output steps of at most 16 KiB written straight into
/// the caller's array, and inflation stops the moment one more byte would pass the cap: a bomb
/// never costs more than the cap plus one step.
///
/// Departures from a plain "append 00 00 FF FF and inflate" (RFC 7692 §7.2.2):
/// - A sender may end DEFLATE data with a BFINAL block (§7.2.3.4), followed in that example by
///   the first byte of an empty stored block. zlib stops at a BFINAL block, so the stream is
///   restarted primed with the window it had, and decoding continues. If the data ends at a BFINAL
///   block, the appended tail is not needed and is skipped. Each restart copies the window, so
///   only one restart is allowed inside a message: a second BFINAL block followed by more data is
///   `.corruptData` (otherwise 2-byte blocks could make us copy 32 KiB each).
/// - On `.messageTooLarge` or `.corruptData` the stream is reset, so the instance stays usable;
///   with context takeover the connection must be failed anyway, as the window is gone.
///
/// zlib allocates the window (`1 << windowBits` bytes) on the first byte of output and keeps it
/// until `deinit`. Not thread-safe: confine each instance to one thread.
public final class MessageInflater {
    /// The LZ77 window, as a power of two, the peer agreed to compress with (8...15).
    public let windowBits: Int
    /// Whether the LZ77 window carries over from one message to the next.
    public let contextTakeover: Bool
    private let stream: UnsafeMutablePointer<z_stream>
    /// zlib reached the end of a BFINAL block; the next input starts a new stream on the same window.
    private var atEndOfDeflateStream = false
    /// This message already continued past one BFINAL block (see the type comment).
    private var restartedInThisMessage = false

    /// Creates a decompressor; zlib allocates about 7 KiB now and the window on first output.
    /// - Parameters:
    ///   - windowBits: the LZ77 window the peer compresses with, 8...15.
    ///   - contextTakeover: keep the window across messages (false resets after each message).
    public init(windowBits: Int, contextTakeover: Bool) {
        precondition((8...15).contains(windowBits), "inflate window bits must be 8...15, got \(windowBits)")
        self.windowBits = windowBits
        self.contextTakeover = contextTakeover
        self.stream = ZlibStream.allocate()
        // Negative window bits select raw inflate: no zlib header or checksum (RFC 7692 §7.2.2).
        let status = czlib_inflate_init(stream, -Int32(windowBits))
        precondition(status == Z_OK, "inflateInit2 failed with zlib status \(status)")
    }

    deinit {
        inflateEnd(stream)
        ZlibStream.deallocate(stream)
    }

    /// Feeds one fragment's compressed bytes; appends inflated bytes to `output`; on `isFinal`
    /// appends the `00 00 FF FF` tail first (§7.2.2) and finishes the message (resets when `!contextTakeover`).
    /// Never lets `output` grow past `maxMessageBytes` (counting what it already holds): stops
    /// inflating as soon as the cap would be exceeded and returns `.messageTooLarge`.
    public func decompress(
        _ fragment: UnsafeRawBufferPointer, isFinal: Bool, maxMessageBytes: Int, appendingTo output: inout [UInt8]
    ) -> InflateOutcome {
        var outcome = feed(fragment, isTail: false, maxMessageBytes: maxMessageBytes, output: &output)
        if outcome == .ok && isFinal {
            outcome = MessageInflater.tail.withUnsafeBytes { tail in
                feed(tail, isTail: true, maxMessageBytes: maxMessageBytes, output: &output)
            }
        }
        if outcome != .ok {
            reset()
        } else if isFinal {
            finishMessage()
        }
        return outcome
    }

    /// Drops the window and any partial message: the next fragment starts a fresh message.
    public func reset() {
        inflateReset(stream)
        atEndOfDeflateStream = false
        restartedInThisMessage = false
    }

    /// The empty stored block §7.2.2 appends to every message before inflating.
    private static let tail: [UInt8] = [0x00, 0x00, 0xFF, 0xFF]

    private func finishMessage() {
        if !contextTakeover {
            reset()
            return
        }
        if atEndOfDeflateStream {
            restartKeepingWindow()
        }
        restartedInThisMessage = false
    }

    /// Inflates one piece of input: a fragment, or the tail. Handles BFINAL blocks inside it.
    private func feed(
        _ input: UnsafeRawBufferPointer, isTail: Bool, maxMessageBytes: Int, output: inout [UInt8]
    ) -> InflateOutcome {
        var remaining = input
        while !remaining.isEmpty {
            if atEndOfDeflateStream {
                // Data that ended at a BFINAL block needs no tail (§7.2.3.4).
                if isTail { return .ok }
                guard !restartedInThisMessage else { return .corruptData }
                restartKeepingWindow()
                restartedInThisMessage = true
            }
            switch inflate(remaining, maxMessageBytes: maxMessageBytes, output: &output) {
            case .consumedAll:
                return .ok
            case .reachedEndOfStream(let unconsumedBytes):
                atEndOfDeflateStream = true
                remaining = UnsafeRawBufferPointer(rebasing: remaining[(remaining.count - unconsumedBytes)...])
            case .failed(let outcome):
                return outcome
            }
        }
        return .ok
    }

    private enum PieceResult {
        case consumedAll
        case reachedEndOfStream(unconsumedBytes: Int)
        case failed(InflateOutcome)
    }

    /// Runs zlib over `input` in bounded output steps, stopping at the cap.
    private func inflate(_ input: UnsafeRawBufferPointer, maxMessageBytes: Int, output: inout [UInt8]) -> PieceResult {
        ZlibStream.setInput(stream, input)
        defer { ZlibStream.clearBuffers(stream) }
        // Deflate rarely beats 4:1 on real data; bombs make the steps double up to the maximum.
        var stepBytes = ZlibOutput.firstStepBytes(expectedBytes: input.count * 4)
        while true {
            let roomBytes = maxMessageBytes - output.count
            var status: Int32 = Z_OK
            var filledStep = false
            if roomBytes > 0 {
                let thisStepBytes = min(stepBytes, roomBytes)
                let unused = output.appendStep(thisStepBytes) { out in
                    status = inflateStep(into: out, capacity: thisStepBytes)
                    return Int(stream.pointee.avail_out)
                }
                filledStep = unused == 0
                stepBytes = ZlibOutput.nextStepBytes(after: stepBytes)
            } else {
                // At the cap: any further byte makes the message too large. Probe with one byte on the side.
                var probe: UInt8 = 0
                status = inflateStep(into: &probe, capacity: 1)
                if stream.pointee.avail_out == 0 { return .failed(.messageTooLarge) }
            }
            switch status {
            case Z_STREAM_END:
                return .reachedEndOfStream(unconsumedBytes: Int(stream.pointee.avail_in))
            case Z_OK, Z_BUF_ERROR:
                // A full step may leave output pending (the rest of a long match): go round again.
                if filledStep { continue }
                // zlib returns only when input or output runs out, so with room left the input is used up.
                precondition(stream.pointee.avail_in == 0, "inflate stopped with room and input left")
                return .consumedAll
            case Z_DATA_ERROR, Z_NEED_DICT:
                return .failed(.corruptData)
            default:
                // Z_MEM_ERROR: the window allocation failed; treated like any Swift allocation failure.
                preconditionFailure("inflate failed with zlib status \(status)")
            }
        }
    }

    private func inflateStep(into out: UnsafeMutablePointer<UInt8>, capacity: Int) -> Int32 {
        stream.pointee.next_out = out
        stream.pointee.avail_out = uInt(capacity)
        return CZlib.inflate(stream, Z_SYNC_FLUSH)
    }

    /// Starts a new raw stream primed with the current window, so data after a BFINAL block can
    /// still refer back (§7.2.3.4). zlib cannot continue past a final block any other way.
    private func restartKeepingWindow() {
        withUnsafeTemporaryAllocation(of: Bytef.self, capacity: 1 << windowBits) { window in
            var windowLength: uInt = 0
            let got = inflateGetDictionary(stream, window.baseAddress, &windowLength)
            precondition(got == Z_OK, "inflateGetDictionary failed with zlib status \(got)")
            inflateReset(stream)
            if windowLength > 0 {
                // For raw inflate, zlib accepts a dictionary at any time after a reset.
                let set = inflateSetDictionary(stream, window.baseAddress, windowLength)
                precondition(set == Z_OK, "inflateSetDictionary failed with zlib status \(set)")
            }
        }
        atEndOfDeflateStream = false
    }
}

extension MessageInflater {
    /// Bytes zlib holds for one inflater once it has produced output, approximately: the window
    /// (`1 << windowBits`) plus its internal state (7,160 bytes measured on zlib 1.2.13, x86-64) and the `z_stream`.
    public static func memoryCostBytes(windowBits: Int) -> Int {
        (1 << windowBits) + inflateStateBytes + ZlibStream.streamBytes
    }

    /// Bytes zlib holds for this inflater once it has produced output, approximately.
    public var memoryCostBytes: Int {
        Self.memoryCostBytes(windowBits: windowBits)
    }

    /// `sizeof(struct inflate_state)` in zlib 1.2.13 on 64-bit Linux.
    static let inflateStateBytes = 7_160
}
