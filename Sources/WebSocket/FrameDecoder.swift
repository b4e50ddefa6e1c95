/// Decodes frames from bytes as they arrive (RFC 6455 §5.2), without copying.
///
/// The caller passes each received buffer; the decoder reports a header, then
/// the payload as one or more chunks that point into that same buffer,
/// unmasked in place. Only a header split across two reads is copied, into 16
/// bytes of state, so the decoder never holds a frame's payload.
public struct FrameDecoder: Sendable {
    /// One step of decoding.
    public enum Event {
        /// A validated header; its payload follows as `payload` events.
        case header(FrameHeader)
        /// Payload bytes of the current frame, unmasked, inside the caller's
        /// buffer. `frameEnds` marks the last chunk (a zero-length payload
        /// gives one empty chunk).
        case payload(UnsafeMutableRawBufferPointer, frameEnds: Bool)
        /// Every byte up to the end of the buffer has been consumed.
        case needMoreBytes
        /// The frame is invalid; the connection must fail.
        case failed(FrameError)
    }

    /// Which rules apply: a server requires masked frames, a client unmasked.
    public let role: WebSocketRole
    /// The largest payload one frame may declare (close 1009 beyond it).
    public var maxPayloadBytes: Int
    /// Whether RSV1 may be set (permessage-deflate was negotiated).
    public var allowsCompressedFrames: Bool

    private var splitHeader: (UInt64, UInt64) = (0, 0)
    private var splitHeaderCount = 0
    private var inPayload = false
    private var payloadRemaining = 0
    private var maskOffset = 0
    private var maskingKey: UInt32?

    public init(role: WebSocketRole, maxPayloadBytes: Int, allowsCompressedFrames: Bool = false) {
        self.role = role
        self.maxPayloadBytes = maxPayloadBytes
        self.allowsCompressedFrames = allowsCompressedFrames
    }

    /// Decodes the next event from `buffer[cursor...]`, advancing `cursor`.
    public mutating func next(_ buffer: UnsafeMutableRawBufferPointer, cursor: inout Int) -> Event {
        if inPayload { return nextPayloadChunk(buffer, cursor: &cursor) }
        let available = buffer.count - cursor
        if splitHeaderCount == 0 {
            guard available > 0 else { return .needMoreBytes }
            let start = UnsafeRawPointer(buffer.baseAddress!) + cursor
            if available >= 2 {
                let needed = Self.headerLength(start.load(as: UInt8.self), start.load(fromByteOffset: 1, as: UInt8.self))
                if available >= needed {
                    cursor += needed
                    return decodeHeader(start)
                }
            }
        }
        return continueSplitHeader(buffer, cursor: &cursor)
    }

    private mutating func nextPayloadChunk(_ buffer: UnsafeMutableRawBufferPointer, cursor: inout Int) -> Event {
        if payloadRemaining == 0 {
            inPayload = false
            return .payload(UnsafeMutableRawBufferPointer(start: buffer.baseAddress.map { $0 + cursor }, count: 0), frameEnds: true)
        }
        let available = buffer.count - cursor
        guard available > 0 else { return .needMoreBytes }
        let take = min(available, payloadRemaining)
        let chunk = UnsafeMutableRawBufferPointer(start: buffer.baseAddress! + cursor, count: take)
        if let key = maskingKey { applyMask(chunk, key: key, offset: maskOffset) }
        cursor += take
        payloadRemaining -= take
        maskOffset += take
        if payloadRemaining == 0 { inPayload = false }
        return .payload(chunk, frameEnds: payloadRemaining == 0)
    }

    /// Collects a header that straddles reads into `splitHeader`.
    private mutating func continueSplitHeader(_ buffer: UnsafeMutableRawBufferPointer, cursor: inout Int) -> Event {
        while cursor < buffer.count {
            let needed = splitHeaderCount >= 2 ? splitHeaderLength : 2
            if splitHeaderCount >= needed { break }
            let take = min(needed - splitHeaderCount, buffer.count - cursor)
            let filled = splitHeaderCount
            withUnsafeMutableBytes(of: &splitHeader) { scratch in
                (scratch.baseAddress! + filled).copyMemory(from: buffer.baseAddress! + cursor, byteCount: take)
            }
            splitHeaderCount += take
            cursor += take
        }
        guard splitHeaderCount >= 2, splitHeaderCount >= splitHeaderLength else { return .needMoreBytes }
        splitHeaderCount = 0
        let header = splitHeader
        return withUnsafeBytes(of: header) { decodeHeader($0.baseAddress!) }
    }

    private var splitHeaderLength: Int {
        withUnsafeBytes(of: splitHeader) { Self.headerLength($0[0], $0[1]) }
    }

    /// Header length implied by its first two bytes: 2, plus 2 or 8 for an
    /// extended length, plus 4 for a masking key.
    @inline(__always)
    static func headerLength(_ first: UInt8, _ second: UInt8) -> Int {
        let lengthCode = second & 0x7F
        let extended = lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0
        return 2 + extended + (second & 0x80 != 0 ? 4 : 0)
    }

    private mutating func decodeHeader(_ p: UnsafeRawPointer) -> Event {
        let first = p.load(as: UInt8.self)
        let second = p.load(fromByteOffset: 1, as: UInt8.self)
        let fin = first & 0x80 != 0
        let rsv1 = first & 0x40 != 0
        guard first & 0x30 == 0 else { return .failed(.reservedBitsSet) }
        guard let opcode = Opcode(rawValue: first & 0x0F) else { return .failed(.unknownOpcode(first & 0x0F)) }
        // RSV1 marks the first frame of a compressed message only (RFC 7692 §6.1).
        if rsv1, !allowsCompressedFrames || opcode.isControl || opcode == .continuation {
            return .failed(.reservedBitsSet)
        }
        let masked = second & 0x80 != 0
        switch role {
        case .server where !masked: return .failed(.unmaskedClientFrame)
        case .client where masked: return .failed(.maskedServerFrame)
        default: break
        }
        var length = Int(second & 0x7F)
        var offset = 2
        if length == 126 {
            length = Int(UInt16(bigEndian: p.loadUnaligned(fromByteOffset: 2, as: UInt16.self)))
            guard length >= 126 else { return .failed(.nonMinimalLength) }
            offset = 4
        } else if length == 127 {
            let wide = UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 2, as: UInt64.self))
            guard wide & (1 << 63) == 0 else { return .failed(.invalidLength) }
            guard wide > 0xFFFF else { return .failed(.nonMinimalLength) }
            length = Int(truncatingIfNeeded: wide)
            offset = 10
        }
        if opcode.isControl {
            guard fin else { return .failed(.fragmentedControlFrame) }
            guard length <= 125 else { return .failed(.controlFrameTooLong(length)) }
        }
        guard length <= maxPayloadBytes else { return .failed(.frameTooLarge(limit: maxPayloadBytes)) }
        maskingKey = masked ? p.loadUnaligned(fromByteOffset: offset, as: UInt32.self) : nil
        inPayload = true
        payloadRemaining = length
        maskOffset = 0
        return .header(FrameHeader(fin: fin, rsv1: rsv1, opcode: opcode, maskingKey: maskingKey, payloadLength: length))
    }
}
