/// Turns received bytes into whole messages and control frames: reassembles
/// fragments, lets control frames interleave, validates text as it arrives,
/// enforces the message size limit, and inflates compressed messages.
///
/// Pure: no sockets, no clock. The connection feeds each read buffer and acts
/// on the events; the pointers in an event are valid until the next call.
/// A message that arrives whole in one read is delivered straight from the
/// read buffer (the common case, no copy); only fragmented or split messages
/// are gathered in an accumulator, which is freed once delivered.
public struct MessageReader {
    /// One step of reading.
    public enum Event {
        /// A complete text (valid UTF-8) or binary message.
        case message(Opcode, UnsafeRawBufferPointer)
        case ping(UnsafeRawBufferPointer)
        case pong(UnsafeRawBufferPointer)
        /// The peer's close frame: its code (nil when it sent none) and reason.
        case close(CloseCode?, reason: String)
        /// All bytes so far are consumed; read more.
        case needMoreBytes
        /// The peer broke the protocol or a limit: fail the connection with this code.
        case failed(CloseCode, reason: String)
    }

    /// The frame layer (masking rules, frame size limit, RSV1 permission).
    public var decoder: FrameDecoder
    /// The largest message, after reassembly and inflation (close 1009 beyond it).
    public var maxMessageBytes: Int
    /// Inflates compressed messages when permessage-deflate was negotiated.
    public var decompressor: (any MessageDecompressing)?

    private var frame: FrameHeader?
    private var messageOpcode: Opcode?
    private var messageCompressed = false
    private var messageWireBytes = 0
    private var textValidator = UTF8Validator()
    private var assembly: ByteAccumulator?
    private var control: ByteAccumulator?
    private var resetBuffersOnNextCall = false

    public init(role: WebSocketRole, maxFrameBytes: Int, maxMessageBytes: Int) {
        self.decoder = FrameDecoder(role: role, maxPayloadBytes: maxFrameBytes)
        self.maxMessageBytes = maxMessageBytes
    }

    /// Reads the next event from `buffer[cursor...]`, unmasking in place.
    public mutating func next(_ buffer: UnsafeMutableRawBufferPointer, cursor: inout Int) -> Event {
        if resetBuffersOnNextCall { releaseBuffers() }
        while true {
            switch decoder.next(buffer, cursor: &cursor) {
            case .needMoreBytes:
                return .needMoreBytes
            case .failed(let error):
                return .failed(error.closeCode, reason: error.reason)
            case .header(let header):
                if let failure = begin(header) { return failure }
                if let whole = deliverWholeFrameInPlace(header, buffer, cursor: &cursor) { return whole }
            case .payload(let chunk, let frameEnds):
                if let event = received(UnsafeRawBufferPointer(chunk), frameEnds: frameEnds) { return event }
            }
        }
    }

    /// Checks a data frame's place in its message and the size limit.
    private mutating func begin(_ header: FrameHeader) -> Event? {
        frame = header
        if header.opcode.isControl { return nil }
        if header.opcode == .continuation {
            guard messageOpcode != nil else { return .failed(.protocolError, reason: "continuation frame without a message") }
        } else {
            guard messageOpcode == nil else { return .failed(.protocolError, reason: "new message inside a fragmented message") }
            messageOpcode = header.opcode
            messageCompressed = header.rsv1
            messageWireBytes = 0
            textValidator.reset()
        }
        messageWireBytes += header.payloadLength
        guard messageWireBytes <= maxMessageBytes else {
            return .failed(.messageTooBig, reason: "message larger than \(maxMessageBytes) bytes")
        }
        return nil
    }

    /// The fast path: an unfragmented, uncompressed data frame whose payload is
    /// entirely in this buffer is delivered from the buffer itself.
    private mutating func deliverWholeFrameInPlace(
        _ header: FrameHeader, _ buffer: UnsafeMutableRawBufferPointer, cursor: inout Int
    ) -> Event? {
        guard header.fin, !header.rsv1, header.opcode == .text || header.opcode == .binary,
            buffer.count - cursor >= header.payloadLength
        else { return nil }
        guard case .payload(let chunk, frameEnds: true) = decoder.next(buffer, cursor: &cursor) else {
            preconditionFailure("a whole payload in the buffer must decode as one chunk")
        }
        let payload = UnsafeRawBufferPointer(chunk)
        messageOpcode = nil
        if header.opcode == .text {
            guard textValidator.validate(payload), textValidator.isAtBoundary else {
                return .failed(.invalidPayload, reason: "text message is not valid UTF-8")
            }
        }
        return .message(header.opcode, payload)
    }

    private mutating func received(_ chunk: UnsafeRawBufferPointer, frameEnds: Bool) -> Event? {
        guard let frame else { preconditionFailure("payload before header") }
        if frame.opcode.isControl { return receivedControl(frame.opcode, chunk, frameEnds: frameEnds) }
        let messageEnds = frameEnds && frame.fin
        let accumulator = assembly ?? ByteAccumulator()
        assembly = accumulator
        let before = accumulator.count
        if messageCompressed {
            guard let decompressor else { preconditionFailure("RSV1 accepted without a decompressor") }
            switch decompressor.decompress(chunk, isFinal: messageEnds, maxMessageBytes: maxMessageBytes, into: accumulator) {
            case .ok: break
            case .messageTooLarge:
                return .failed(.messageTooBig, reason: "inflated message larger than \(maxMessageBytes) bytes")
            case .corruptData:
                return .failed(.invalidPayload, reason: "compressed data is corrupt")
            }
        } else {
            accumulator.append(chunk)
        }
        if messageOpcode == .text {
            let added = UnsafeRawBufferPointer(rebasing: accumulator.bytes[before...])
            guard textValidator.validate(added) else {
                return .failed(.invalidPayload, reason: "text message is not valid UTF-8")
            }
        }
        guard messageEnds, let opcode = messageOpcode else { return nil }
        if opcode == .text, !textValidator.isAtBoundary {
            return .failed(.invalidPayload, reason: "text message ends inside a UTF-8 sequence")
        }
        messageOpcode = nil
        resetBuffersOnNextCall = true
        return .message(opcode, accumulator.bytes)
    }

    private mutating func receivedControl(_ opcode: Opcode, _ chunk: UnsafeRawBufferPointer, frameEnds: Bool) -> Event? {
        var payload = chunk
        if !frameEnds || (control?.count ?? 0) > 0 {
            let accumulator = control ?? ByteAccumulator(capacity: 125)
            control = accumulator
            accumulator.append(chunk)
            guard frameEnds else { return nil }
            payload = accumulator.bytes
            resetBuffersOnNextCall = true
        }
        switch opcode {
        case .ping: return .ping(payload)
        case .pong: return .pong(payload)
        default: return Self.parseClose(payload)
        }
    }

    /// A close frame's body: nothing, or a valid code and a UTF-8 reason (§5.5.1).
    static func parseClose(_ payload: UnsafeRawBufferPointer) -> Event {
        if payload.isEmpty { return .close(nil, reason: "") }
        guard payload.count >= 2 else { return .failed(.protocolError, reason: "close frame with a 1-byte body") }
        let code = CloseCode(UInt16(payload[0]) << 8 | UInt16(payload[1]))
        guard code.isAllowedOnWire else { return .failed(.protocolError, reason: "invalid close code \(code.rawValue)") }
        let reasonBytes = UnsafeRawBufferPointer(rebasing: payload[2...])
        var validator = UTF8Validator()
        guard validator.validate(reasonBytes), validator.isAtBoundary else {
            return .failed(.invalidPayload, reason: "close reason is not valid UTF-8")
        }
        return .close(code, reason: String(decoding: reasonBytes, as: UTF8.self))
    }

    /// Frees the accumulators once what they held has been delivered, so an
    /// idle connection holds no buffer. A fragmented message still in
    /// progress (a ping arrived between its fragments) keeps its accumulator.
    private mutating func releaseBuffers() {
        resetBuffersOnNextCall = false
        control = nil
        if messageOpcode == nil { assembly = nil }
    }
}

/// Inflates the fragments of compressed messages (permessage-deflate).
public protocol MessageDecompressing: AnyObject {
    /// Inflates one fragment into `output`; `isFinal` ends the message.
    func decompress(
        _ fragment: UnsafeRawBufferPointer, isFinal: Bool, maxMessageBytes: Int, into output: ByteAccumulator
    ) -> DecompressionOutcome
}

/// How inflating a fragment went.
public enum DecompressionOutcome: Equatable, Sendable {
    case ok
    /// The inflated message would exceed the limit (a decompression bomb, or just too big).
    case messageTooLarge
    case corruptData
}
