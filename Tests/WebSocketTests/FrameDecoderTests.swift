import Testing
@testable import WebSocket

/// A frame to decode: which opcode and flags, how long, masked or not.
struct FrameShape: Sendable, CustomTestStringConvertible {
    var opcode: Opcode
    var payloadLength: Int
    var masked: Bool
    var fin = true
    var rsv1 = false

    var payload: [UInt8] { pseudoRandomBytes(payloadLength, seed: UInt64(payloadLength) &+ 7) }
    var key: UInt32? { masked ? maskingKey(0x01, 0x80, 0xFE, 0x7F) : nil }
    var bytes: [UInt8] { frame(opcode, payload, fin: fin, rsv1: rsv1, maskingKey: key) }
    var header: FrameHeader {
        FrameHeader(fin: fin, rsv1: rsv1, opcode: opcode, maskingKey: key, payloadLength: payloadLength)
    }
    var decoder: FrameDecoder {
        FrameDecoder(role: masked ? .server : .client, maxPayloadBytes: 1 << 20, allowsCompressedFrames: rsv1)
    }

    var testDescription: String {
        "\(opcode) \(payloadLength) bytes \(masked ? "masked" : "unmasked")\(fin ? "" : " non-final")\(rsv1 ? " rsv1" : "")"
    }

    /// Lengths around each length encoding's edges (7-bit up to 125, 16-bit up
    /// to 65535, 64-bit beyond), masked and unmasked, data and control.
    static let small: [FrameShape] = [0, 1, 2, 3, 4, 5, 7, 8, 9, 125, 126, 127, 200, 300].flatMap { length in
        [true, false].map { FrameShape(opcode: .binary, payloadLength: length, masked: $0) }
    } + [
        FrameShape(opcode: .text, payloadLength: 17, masked: true, fin: false),
        FrameShape(opcode: .continuation, payloadLength: 9, masked: true, fin: false),
        FrameShape(opcode: .continuation, payloadLength: 0, masked: false),
        FrameShape(opcode: .text, payloadLength: 30, masked: true, rsv1: true),
        FrameShape(opcode: .binary, payloadLength: 130, masked: false, fin: false, rsv1: true),
        FrameShape(opcode: .ping, payloadLength: 0, masked: true),
        FrameShape(opcode: .ping, payloadLength: 125, masked: true),
        FrameShape(opcode: .pong, payloadLength: 11, masked: false),
        FrameShape(opcode: .close, payloadLength: 2, masked: true),
    ]

    static let large: [FrameShape] = [65535, 65536, 70_001].flatMap { length in
        [true, false].map { FrameShape(opcode: .binary, payloadLength: length, masked: $0) }
    }
}

/// A header the decoder must refuse, with the reason.
struct RejectedHeader: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var role: WebSocketRole = .server
    var allowsCompressedFrames = false
    var maxPayloadBytes = 1 << 20
    var error: FrameError

    var testDescription: String { name }
    var decoder: FrameDecoder {
        FrameDecoder(role: role, maxPayloadBytes: maxPayloadBytes, allowsCompressedFrames: allowsCompressedFrames)
    }

    static let mask: [UInt8] = [0x11, 0x22, 0x33, 0x44]

    static let all: [RejectedHeader] = [
        RejectedHeader(name: "unmasked frame sent to a server", bytes: [0x82, 0x00], error: .unmaskedClientFrame),
        RejectedHeader(
            name: "masked frame sent to a client", bytes: [0x82, 0x80] + mask, role: .client, error: .maskedServerFrame),
        RejectedHeader(name: "RSV1 without an extension", bytes: [0xC2, 0x80] + mask, error: .reservedBitsSet),
        RejectedHeader(name: "RSV2", bytes: [0xA2, 0x80] + mask, error: .reservedBitsSet),
        RejectedHeader(name: "RSV3", bytes: [0x92, 0x80] + mask, error: .reservedBitsSet),
        RejectedHeader(
            name: "RSV2 even with compression", bytes: [0xA2, 0x80] + mask, allowsCompressedFrames: true,
            error: .reservedBitsSet),
        RejectedHeader(
            name: "RSV1 on a continuation", bytes: [0xC0, 0x80] + mask, allowsCompressedFrames: true,
            error: .reservedBitsSet),
        RejectedHeader(
            name: "RSV1 on a ping", bytes: [0xC9, 0x80] + mask, allowsCompressedFrames: true, error: .reservedBitsSet),
        RejectedHeader(
            name: "RSV1 on a close", bytes: [0xC8, 0x80] + mask, allowsCompressedFrames: true, error: .reservedBitsSet),
        RejectedHeader(name: "fragmented ping", bytes: [0x09, 0x80] + mask, error: .fragmentedControlFrame),
        RejectedHeader(name: "fragmented pong", bytes: [0x0A, 0x80] + mask, error: .fragmentedControlFrame),
        RejectedHeader(name: "fragmented close", bytes: [0x08, 0x80] + mask, error: .fragmentedControlFrame),
        RejectedHeader(
            name: "ping of 126 bytes", bytes: [0x89, 0xFE, 0x00, 0x7E] + mask, error: .controlFrameTooLong(126)),
        RejectedHeader(
            name: "close of 65536 bytes", bytes: [0x88, 0xFF, 0, 0, 0, 0, 0, 1, 0, 0] + mask,
            error: .controlFrameTooLong(65536)),
        RejectedHeader(
            name: "16-bit length holding 125", bytes: [0x82, 0xFE, 0x00, 0x7D] + mask, error: .nonMinimalLength),
        RejectedHeader(name: "16-bit length holding 0", bytes: [0x82, 0xFE, 0x00, 0x00] + mask, error: .nonMinimalLength),
        RejectedHeader(
            name: "64-bit length holding 65535", bytes: [0x82, 0xFF, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] + mask,
            error: .nonMinimalLength),
        RejectedHeader(
            name: "64-bit length holding 0", bytes: [0x82, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0] + mask, error: .nonMinimalLength
        ),
        RejectedHeader(
            name: "64-bit length with its top bit set", bytes: [0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0] + mask,
            error: .invalidLength),
        RejectedHeader(
            name: "64-bit length of all ones", bytes: [0x82, 0xFF] + [UInt8](repeating: 0xFF, count: 8) + mask,
            error: .invalidLength),
        RejectedHeader(
            name: "one byte over the frame limit", bytes: [0x82, 0x80 | 101] + mask, maxPayloadBytes: 100,
            error: .frameTooLarge(limit: 100)),
        RejectedHeader(
            name: "16-bit length over the frame limit", bytes: [0x82, 0xFE, 0x01, 0x00] + mask, maxPayloadBytes: 255,
            error: .frameTooLarge(limit: 255)),
        RejectedHeader(
            name: "64-bit length of 2^62", bytes: [0x82, 0xFF, 0x40, 0, 0, 0, 0, 0, 0, 0] + mask,
            error: .frameTooLarge(limit: 1 << 20)),
    ]
}

@Suite struct FrameDecoderTests {
    // MARK: Frame shapes, fed in every way

    @Test(arguments: FrameShape.small)
    func decoderDecodesEveryFrameShapeTheSameWhateverTheSplit(_ shape: FrameShape) {
        let expected: [DecodedFrame] = [.frame(shape.header, shape.payload)]
        for feed in Feed.everyWay(for: shape.bytes.count) {
            #expect(decodeFrames(shape.bytes, feed: feed, decoder: shape.decoder) == expected, "fed \(feed)")
        }
    }

    @Test(arguments: FrameShape.large)
    func decoderDecodesLargeFramesTheSameWhateverTheSplit(_ shape: FrameShape) {
        let bytes = shape.bytes
        let expected: [DecodedFrame] = [.frame(shape.header, shape.payload)]
        for feed in Feed.sampled(for: bytes.count, stride: 4093) {
            #expect(decodeFrames(bytes, feed: feed, decoder: shape.decoder) == expected, "fed \(feed)")
        }
    }

    @Test func decoderDecodesBackToBackFramesInOneBufferAndInEverySplit() {
        let shapes = FrameShape.small.filter(\.masked)
        let bytes = shapes.flatMap(\.bytes)
        let expected = shapes.map { DecodedFrame.frame($0.header, $0.payload) }
        let decoder = serverDecoder(allowsCompressedFrames: true)
        for feed in Feed.everyWay(for: bytes.count) {
            #expect(decodeFrames(bytes, feed: feed, decoder: decoder) == expected, "fed \(feed)")
        }
        for seed in UInt64(1)...50 {
            let feed = Feed.random(seed: seed, maxPiece: 17, totalBytes: bytes.count)
            #expect(decodeFrames(bytes, feed: feed, decoder: decoder) == expected, "fed \(feed)")
        }
    }

    @Test func decoderReadsTheRFCMaskedHelloExample() {
        let bytes: [UInt8] = [0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58]
        let header = FrameHeader(fin: true, opcode: .text, maskingKey: rfcMaskingKey, payloadLength: 5)
        for feed in Feed.everyWay(for: bytes.count) {
            #expect(decodeFrames(bytes, feed: feed, decoder: serverDecoder()) == [.frame(header, Array("Hello".utf8))])
        }
    }

    @Test func decoderReadsTheRFC64KiBBinaryHeader() {
        let bytes: [UInt8] = [0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0] + [UInt8](repeating: 0xAB, count: 65536)
        let header = FrameHeader(fin: true, opcode: .binary, payloadLength: 65536)
        let decoded = decodeFrames(bytes, feed: .split(at: 9), decoder: clientDecoder())
        #expect(decoded == [.frame(header, [UInt8](repeating: 0xAB, count: 65536))])
    }

    // MARK: Zero copy

    @Test func decoderUnmasksThePayloadInPlaceInTheCallersBuffer() {
        var bytes = clientFrame(.text, Array("in place".utf8))
        let payloadStart = bytes.count - 8
        bytes.withUnsafeMutableBytes { buffer in
            var decoder = serverDecoder()
            var cursor = 0
            guard case .header = decoder.next(buffer, cursor: &cursor) else {
                Issue.record("expected a header")
                return
            }
            #expect(cursor == payloadStart)
            guard case .payload(let chunk, frameEnds: true) = decoder.next(buffer, cursor: &cursor) else {
                Issue.record("expected the whole payload")
                return
            }
            #expect(chunk.baseAddress == buffer.baseAddress! + payloadStart)
            #expect(chunk.count == 8)
            #expect(cursor == buffer.count)
        }
        #expect(Array(bytes[payloadStart...]) == Array("in place".utf8))
    }

    @Test func decoderHandsOutOneChunkPerReadForAPayloadSplitAcrossReads() {
        let payload = pseudoRandomBytes(40)
        let bytes = clientFrame(.binary, payload)
        var decoder = serverDecoder()
        var chunks: [(count: Int, frameEnds: Bool)] = []
        // Header plus 10 payload bytes, then 15, then the last 15.
        forEachReadBuffer(bytes, feed: .pieces([6 + 10, 15])) { buffer in
            var cursor = 0
            while true {
                switch decoder.next(buffer, cursor: &cursor) {
                case .payload(let chunk, let frameEnds): chunks.append((chunk.count, frameEnds))
                case .header: continue
                case .needMoreBytes: return true
                case .failed(let error):
                    Issue.record("unexpected \(error)")
                    return false
                }
            }
        }
        #expect(chunks.map(\.count) == [10, 15, 15])
        #expect(chunks.map(\.frameEnds) == [false, false, true])
    }

    @Test func decoderReportsAZeroLengthPayloadAsOneEmptyFinalChunk() {
        var bytes = frame(.ping, [])
        bytes.withUnsafeMutableBytes { buffer in
            var decoder = clientDecoder()
            var cursor = 0
            guard case .header(let header) = decoder.next(buffer, cursor: &cursor) else {
                Issue.record("expected a header")
                return
            }
            #expect(header.payloadLength == 0)
            guard case .payload(let chunk, frameEnds: true) = decoder.next(buffer, cursor: &cursor) else {
                Issue.record("expected an empty final chunk")
                return
            }
            #expect(chunk.isEmpty)
            guard case .needMoreBytes = decoder.next(buffer, cursor: &cursor) else {
                Issue.record("expected needMoreBytes")
                return
            }
        }
    }

    @Test func decoderKeepsAHeaderSplitAcrossReadsAndConsumesEveryByteOffered() {
        let bytes = clientFrame(.binary, pseudoRandomBytes(300))  // 2 + 2 + 4 header bytes
        var decoder = serverDecoder()
        for headerByte in 0..<7 {
            var piece = [bytes[headerByte]]
            piece.withUnsafeMutableBytes { buffer in
                var cursor = 0
                guard case .needMoreBytes = decoder.next(buffer, cursor: &cursor) else {
                    Issue.record("header byte \(headerByte) completed the header too early")
                    return
                }
                #expect(cursor == 1)
            }
        }
        var last = Array(bytes[7...])
        last.withUnsafeMutableBytes { buffer in
            var cursor = 0
            guard case .header(let header) = decoder.next(buffer, cursor: &cursor) else {
                Issue.record("the eighth byte should complete the header")
                return
            }
            #expect(header.payloadLength == 300)
            #expect(cursor == 1)
        }
    }

    @Test func decoderAsksForMoreBytesOnAnEmptyBuffer() {
        var decoder = serverDecoder()
        var cursor = 0
        let empty = UnsafeMutableRawBufferPointer(start: nil, count: 0)
        guard case .needMoreBytes = decoder.next(empty, cursor: &cursor) else {
            Issue.record("expected needMoreBytes")
            return
        }
        #expect(cursor == 0)
    }

    // MARK: Rejected headers

    @Test(arguments: RejectedHeader.all)
    func decoderRejectsAnInvalidHeaderWhateverTheSplit(_ rejected: RejectedHeader) {
        for feed in Feed.everyWay(for: rejected.bytes.count) {
            #expect(decodeFrames(rejected.bytes, feed: feed, decoder: rejected.decoder) == [.failed(rejected.error)])
        }
    }

    @Test(arguments: [UInt8](3...7) + [UInt8](11...15))
    func decoderRejectsUnknownOpcodes(_ opcode: UInt8) {
        let bytes: [UInt8] = [0x80 | opcode, 0x80, 1, 2, 3, 4]
        #expect(decodeFrames(bytes, feed: .whole, decoder: serverDecoder()) == [.failed(.unknownOpcode(opcode))])
        #expect(FrameError.unknownOpcode(opcode).closeCode == .protocolError)
    }

    @Test func decoderRejectsAnUnmaskedClientFrame() {
        let bytes: [UInt8] = [0x81, 0x05] + Array("Hello".utf8)
        #expect(decodeFrames(bytes, feed: .whole, decoder: serverDecoder()) == [.failed(.unmaskedClientFrame)])
        #expect(decodeFrames(bytes, feed: .whole, decoder: clientDecoder()).count == 1)
    }

    @Test func decoderRejectsAMaskedServerFrame() {
        let bytes: [UInt8] = [0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58]
        #expect(decodeFrames(bytes, feed: .whole, decoder: clientDecoder()) == [.failed(.maskedServerFrame)])
    }

    @Test func decoderRejectsAFrameAfterValidFramesInTheSameBuffer() {
        let bytes = clientFrame(.text, Array("ok".utf8)) + [0x83, 0x80, 1, 2, 3, 4]
        let decoded = decodeFrames(bytes, feed: .whole, decoder: serverDecoder())
        #expect(decoded.count == 2)
        #expect(decoded.last == .failed(.unknownOpcode(3)))
    }

    // MARK: Limits

    @Test func decoderAcceptsAFrameOfExactlyTheLimit() {
        let shape = FrameShape(opcode: .binary, payloadLength: 300, masked: true)
        let decoded = decodeFrames(shape.bytes, feed: .whole, decoder: serverDecoder(maxPayloadBytes: 300))
        #expect(decoded == [.frame(shape.header, shape.payload)])
    }

    @Test func decoderRejectsAFrameOverTheLimitWithCloseCode1009BeforeItsPayloadArrives() {
        let header: [UInt8] = [0x82, 0xFE, 0x01, 0x2D, 1, 2, 3, 4]  // 301 bytes declared, none sent
        let decoded = decodeFrames(header, feed: .byteByByte, decoder: serverDecoder(maxPayloadBytes: 300))
        #expect(decoded == [.failed(.frameTooLarge(limit: 300))])
        #expect(FrameError.frameTooLarge(limit: 300).closeCode == .messageTooBig)
        #expect(FrameError.frameTooLarge(limit: 300).closeCode.rawValue == 1009)
    }

    @Test(arguments: [
        FrameError.reservedBitsSet, .unknownOpcode(3), .fragmentedControlFrame, .controlFrameTooLong(126),
        .unmaskedClientFrame, .maskedServerFrame, .nonMinimalLength, .invalidLength,
    ])
    func everyFrameErrorButTooLargeClosesWithProtocolError(_ error: FrameError) {
        #expect(error.closeCode == .protocolError)
        #expect(!error.reason.isEmpty)
    }

    @Test func controlFramesOfExactly125BytesAreAccepted() {
        for opcode in [Opcode.ping, .pong, .close] {
            let shape = FrameShape(opcode: opcode, payloadLength: 125, masked: true)
            #expect(decodeFrames(shape.bytes, feed: .whole, decoder: serverDecoder()) == [.frame(shape.header, shape.payload)])
        }
    }

    @Test func shortestLongLengthsAreAccepted() {
        // 126 is the smallest length a 16-bit field may carry, 65536 the smallest for 64 bits.
        let sixteen: [UInt8] = [0x82, 0x7E, 0x00, 0x7E] + [UInt8](repeating: 1, count: 126)
        let sixtyFour: [UInt8] = [0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0] + [UInt8](repeating: 2, count: 65536)
        #expect(decodeFrames(sixteen, feed: .whole, decoder: clientDecoder()).count == 1)
        #expect(decodeFrames(sixtyFour, feed: .whole, decoder: clientDecoder()).count == 1)
    }

    // MARK: Compression bit

    @Test(arguments: [Opcode.text, .binary])
    func decoderAllowsRSV1OnTheFirstFrameOfADataMessageWhenCompressionIsNegotiated(_ opcode: Opcode) {
        let first = clientFrame(opcode, [1, 2, 3], fin: false, rsv1: true)
        let rest = clientFrame(.continuation, [4, 5], fin: true)
        let decoded = decodeFrames(first + rest, feed: .whole, decoder: serverDecoder(allowsCompressedFrames: true))
        #expect(decoded.count == 2)
        guard case .frame(let header, _) = decoded.first else { return }
        #expect(header.rsv1)
        #expect(header.opcode == opcode)
    }

    @Test(arguments: [Opcode.text, .binary])
    func decoderRejectsRSV1WhenCompressionIsNotNegotiated(_ opcode: Opcode) {
        let bytes = clientFrame(opcode, [1, 2, 3], rsv1: true)
        #expect(decodeFrames(bytes, feed: .whole, decoder: serverDecoder()) == [.failed(.reservedBitsSet)])
    }

    @Test(arguments: [Opcode.continuation, .ping, .pong, .close])
    func decoderRejectsRSV1OnContinuationAndControlFramesEvenWithCompression(_ opcode: Opcode) {
        let bytes = clientFrame(opcode, [], rsv1: true)
        let decoded = decodeFrames(bytes, feed: .whole, decoder: serverDecoder(allowsCompressedFrames: true))
        #expect(decoded == [.failed(.reservedBitsSet)])
    }
}
