import Testing
@testable import WebSocket

// Shared helpers for the codec tests: building frames, feeding bytes in
// pieces, and turning the decoders' pointer-carrying events into plain values
// that can be compared.

// MARK: - Building input

/// A masking key whose four bytes appear on the wire in the order given.
func maskingKey(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8, _ b3: UInt8) -> UInt32 {
    var key: UInt32 = 0
    withUnsafeMutableBytes(of: &key) { $0[0] = b0; $0[1] = b1; $0[2] = b2; $0[3] = b3 }
    return key
}

/// The masking key of the RFC 6455 §5.7 examples: 0x37 0xfa 0x21 0x3d.
let rfcMaskingKey = maskingKey(0x37, 0xFA, 0x21, 0x3D)

/// One frame as FrameEncoder writes it.
func frame(
    _ opcode: Opcode, _ payload: [UInt8], fin: Bool = true, rsv1: Bool = false, maskingKey: UInt32? = nil
) -> [UInt8] {
    var output: [UInt8] = []
    payload.withUnsafeBytes {
        FrameEncoder.appendFrame(opcode, payload: $0, fin: fin, rsv1: rsv1, maskingKey: maskingKey, to: &output)
    }
    return output
}

/// One frame as a client sends it: masked, with a key that differs per call site.
func clientFrame(
    _ opcode: Opcode, _ payload: [UInt8], fin: Bool = true, rsv1: Bool = false,
    maskingKey key: UInt32 = maskingKey(0x9A, 0x01, 0xFF, 0x5C)
) -> [UInt8] {
    frame(opcode, payload, fin: fin, rsv1: rsv1, maskingKey: key)
}

/// A close frame body: the code in network order, then the reason bytes.
func closeBody(_ code: UInt16, _ reason: [UInt8] = []) -> [UInt8] {
    [UInt8(code >> 8), UInt8(code & 0xFF)] + reason
}

/// Deterministic bytes for payloads and split points (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func pseudoRandomBytes(_ count: Int, seed: UInt64 = 1) -> [UInt8] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
}

// MARK: - Feeding input in pieces

/// How a test hands a byte stream to a streaming decoder.
enum Feed: Sendable, CustomTestStringConvertible {
    /// One buffer with everything.
    case whole
    /// Two buffers: bytes before `at`, then the rest (either may be empty).
    case split(at: Int)
    /// One buffer per byte.
    case byteByByte
    /// Buffers of these sizes; the last one takes whatever remains.
    case pieces([Int])

    func pieces(of bytes: [UInt8]) -> [[UInt8]] {
        switch self {
        case .whole:
            return [bytes]
        case .split(let at):
            return [Array(bytes[..<at]), Array(bytes[at...])]
        case .byteByByte:
            return bytes.map { [$0] }
        case .pieces(let sizes):
            var result: [[UInt8]] = []
            var start = 0
            for size in sizes where start < bytes.count {
                let end = min(start + size, bytes.count)
                result.append(Array(bytes[start..<end]))
                start = end
            }
            if start < bytes.count { result.append(Array(bytes[start...])) }
            return result
        }
    }

    /// Whole, one byte at a time, and split in two at every position.
    static func everyWay(for byteCount: Int) -> [Feed] {
        [.whole, .byteByByte] + (0...byteCount).map { .split(at: $0) }
    }

    /// Whole, one byte at a time, every split inside the first `headBytes`
    /// bytes, and splits every `stride` bytes after that: for frames too big
    /// to split at every position in a debug build.
    static func sampled(for byteCount: Int, headBytes: Int = 20, stride step: Int) -> [Feed] {
        let positions = Set(Array(0...min(headBytes, byteCount)) + Array(stride(from: 0, through: byteCount, by: step))
            + [byteCount - 1, byteCount].filter { $0 >= 0 })
        return [.whole, .byteByByte] + positions.sorted().map { .split(at: $0) }
    }

    /// Random piece sizes from 1 to `maxPiece`, reproducible from `seed`.
    static func random(seed: UInt64, maxPiece: Int, totalBytes: Int) -> Feed {
        var generator = SeededGenerator(seed: seed)
        var sizes: [Int] = []
        var covered = 0
        while covered < totalBytes {
            let size = Int.random(in: 1...maxPiece, using: &generator)
            sizes.append(size)
            covered += size
        }
        return .pieces(sizes)
    }

    var testDescription: String {
        switch self {
        case .whole: "whole"
        case .split(let at): "split at \(at)"
        case .byteByByte: "one byte at a time"
        case .pieces(let sizes): "pieces \(sizes)"
        }
    }
}

/// Runs `body` over each piece copied into its own freshly allocated buffer,
/// which is freed before the next piece arrives, so nothing may keep pointing
/// into an earlier read.
func forEachReadBuffer(_ bytes: [UInt8], feed: Feed, _ body: (UnsafeMutableRawBufferPointer) -> Bool) {
    for piece in feed.pieces(of: bytes) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: piece.count, alignment: 1)
        defer { buffer.deallocate() }
        piece.withUnsafeBytes { buffer.copyMemory(from: $0) }
        guard body(buffer) else { return }
    }
}

func pointsInto(_ inner: UnsafeRawBufferPointer, _ outer: UnsafeMutableRawBufferPointer) -> Bool {
    guard let innerStart = inner.baseAddress, let outerStart = outer.baseAddress else { return inner.isEmpty }
    return innerStart >= UnsafeRawPointer(outerStart) && innerStart + inner.count <= UnsafeRawPointer(outerStart) + outer.count
}

// MARK: - FrameDecoder as values

/// A frame decoder event with its payload gathered into an array.
enum DecodedFrame: Equatable, CustomStringConvertible {
    case frame(FrameHeader, [UInt8])
    case failed(FrameError)

    var description: String {
        switch self {
        case .frame(let header, let payload):
            "frame(\(header.opcode) fin=\(header.fin) rsv1=\(header.rsv1) length=\(header.payloadLength)"
                + " payload=\(payload.count) bytes)"
        case .failed(let error): "failed(\(error))"
        }
    }
}

/// Decodes `bytes` fed as `feed`, gathering each frame's chunks. Checks on the
/// way that every chunk points into the buffer being read and that
/// `needMoreBytes` comes only once the buffer is consumed.
func decodeFrames(_ bytes: [UInt8], feed: Feed, decoder initial: FrameDecoder) -> [DecodedFrame] {
    var decoder = initial
    var frames: [DecodedFrame] = []
    var header: FrameHeader?
    var payload: [UInt8] = []
    forEachReadBuffer(bytes, feed: feed) { buffer in
        var cursor = 0
        while true {
            switch decoder.next(buffer, cursor: &cursor) {
            case .needMoreBytes:
                if cursor != buffer.count { Issue.record("needMoreBytes at \(cursor) of \(buffer.count) bytes") }
                return true
            case .failed(let error):
                frames.append(.failed(error))
                return false
            case .header(let next):
                if header != nil { Issue.record("a header arrived inside the previous frame's payload") }
                header = next
                payload = []
            case .payload(let chunk, let frameEnds):
                // Checked with `if` rather than #expect: this runs once per byte in byte-at-a-time feeds.
                if !pointsInto(UnsafeRawBufferPointer(chunk), buffer) {
                    Issue.record("payload chunk is outside the read buffer")
                }
                payload += chunk
                if frameEnds, let finished = header {
                    #expect(payload.count == finished.payloadLength)
                    frames.append(.frame(finished, payload))
                    header = nil
                }
            }
        }
    }
    return frames
}

func serverDecoder(maxPayloadBytes: Int = 1 << 20, allowsCompressedFrames: Bool = false) -> FrameDecoder {
    FrameDecoder(role: .server, maxPayloadBytes: maxPayloadBytes, allowsCompressedFrames: allowsCompressedFrames)
}

func clientDecoder(maxPayloadBytes: Int = 1 << 20, allowsCompressedFrames: Bool = false) -> FrameDecoder {
    FrameDecoder(role: .client, maxPayloadBytes: maxPayloadBytes, allowsCompressedFrames: allowsCompressedFrames)
}

// MARK: - MessageReader as values

/// A message reader event copied out of the buffers it points into.
enum ReadEvent: Equatable, CustomStringConvertible {
    case message(Opcode, [UInt8])
    case ping([UInt8])
    case pong([UInt8])
    case close(CloseCode?, reason: String)
    /// The reason text is left out so that the same failure reached through a
    /// different split compares equal.
    case failed(CloseCode)

    static func text(_ string: String) -> ReadEvent { .message(.text, Array(string.utf8)) }

    var description: String {
        switch self {
        case .message(let opcode, let bytes): "message(\(opcode), \(bytes.count) bytes)"
        case .ping(let bytes): "ping(\(bytes))"
        case .pong(let bytes): "pong(\(bytes))"
        case .close(let code, let reason): "close(\(code.map(String.init(describing:)) ?? "nil"), \"\(reason)\")"
        case .failed(let code): "failed(\(code))"
        }
    }
}

/// Reads `bytes` fed as `feed` until the input ends or the reader fails.
func readEvents(_ bytes: [UInt8], feed: Feed = .whole, reader initial: MessageReader) -> [ReadEvent] {
    var reader = initial
    var events: [ReadEvent] = []
    forEachReadBuffer(bytes, feed: feed) { buffer in
        var cursor = 0
        while true {
            switch reader.next(buffer, cursor: &cursor) {
            case .needMoreBytes:
                if cursor != buffer.count { Issue.record("needMoreBytes at \(cursor) of \(buffer.count) bytes") }
                return true
            case .message(let opcode, let payload): events.append(.message(opcode, Array(payload)))
            case .ping(let payload): events.append(.ping(Array(payload)))
            case .pong(let payload): events.append(.pong(Array(payload)))
            case .close(let code, let reason): events.append(.close(code, reason: reason))
            case .failed(let code, _):
                events.append(.failed(code))
                return false
            }
        }
    }
    return events
}

func serverReader(maxFrameBytes: Int = 1 << 20, maxMessageBytes: Int = 1 << 20) -> MessageReader {
    MessageReader(role: .server, maxFrameBytes: maxFrameBytes, maxMessageBytes: maxMessageBytes)
}

func clientReader(maxFrameBytes: Int = 1 << 20, maxMessageBytes: Int = 1 << 20) -> MessageReader {
    MessageReader(role: .client, maxFrameBytes: maxFrameBytes, maxMessageBytes: maxMessageBytes)
}
