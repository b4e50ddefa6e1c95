import Testing
@testable import WebSocket

@Suite struct FrameEncoderTests {
    // MARK: RFC 6455 §5.7 bytes

    @Test func encoderWritesTheRFCUnmaskedHello() {
        #expect(frame(.text, Array("Hello".utf8)) == RFCExample.unmaskedHello)
    }

    @Test func encoderWritesTheRFCMaskedHello() {
        #expect(frame(.text, Array("Hello".utf8), maskingKey: rfcMaskingKey) == RFCExample.maskedHello)
    }

    @Test func encoderWritesTheRFCFragmentedHello() {
        #expect(frame(.text, Array("Hel".utf8), fin: false) == RFCExample.fragmentedHel)
        #expect(frame(.continuation, Array("lo".utf8)) == RFCExample.fragmentedLo)
    }

    @Test func encoderWritesTheRFCPingAndMaskedPong() {
        #expect(frame(.ping, Array("Hello".utf8)) == RFCExample.unmaskedPing)
        #expect(frame(.pong, Array("Hello".utf8), maskingKey: rfcMaskingKey) == RFCExample.maskedPong)
    }

    @Test func encoderWritesTheRFC256ByteAnd64KiBBinaryHeaders() {
        #expect(Array(frame(.binary, [UInt8](repeating: 0, count: 256)).prefix(4)) == RFCExample.binary256Header)
        #expect(Array(frame(.binary, [UInt8](repeating: 0, count: 65536)).prefix(10)) == RFCExample.binary64KiBHeader)
    }

    @Test(arguments: [
        (0, [0x82, 0x00]), (125, [0x82, 0x7D]), (126, [0x82, 0x7E, 0x00, 0x7E]), (65535, [0x82, 0x7E, 0xFF, 0xFF]),
        (65536, [0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0]), (70_000, [0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0x11, 0x70]),
    ] as [(Int, [UInt8])])
    func encoderUsesTheShortestLengthEncoding(_ length: Int, _ header: [UInt8]) {
        let encoded = frame(.binary, [UInt8](repeating: 0x5A, count: length))
        #expect(Array(encoded.prefix(header.count)) == header)
        #expect(encoded.count == header.count + length)
    }

    @Test func encoderSetsFinAndRSV1Bits() {
        #expect(frame(.binary, [], fin: false, rsv1: true) == [0x42, 0x00])
        #expect(frame(.text, [], fin: true, rsv1: true) == [0xC1, 0x00])
        #expect(frame(.continuation, [], fin: false) == [0x00, 0x00])
        #expect(frame(.close, [], maskingKey: maskingKey(1, 2, 3, 4)) == [0x88, 0x80, 1, 2, 3, 4])
    }

    @Test func encoderAppendsToWhatIsAlreadyInTheOutput() {
        var output: [UInt8] = [0xEE]
        FrameEncoder.appendMessage(.text, Array("Hello".utf8), to: &output)
        FrameEncoder.appendMessage(.text, Array("Hello".utf8), maskingKey: rfcMaskingKey, to: &output)
        #expect(output == [0xEE] + RFCExample.unmaskedHello + RFCExample.maskedHello)
    }

    // MARK: Round trips

    @Test(arguments: [0, 1, 3, 4, 5, 8, 13, 125, 126, 1000, 65535, 65536, 100_000])
    func maskedOutputDecodesBackToTheOriginalPayload(_ length: Int) {
        let payload = pseudoRandomBytes(length, seed: UInt64(length))
        let key = maskingKey(0xDE, 0xAD, 0xBE, 0xEF)
        let encoded = frame(.binary, payload, maskingKey: key)
        if length >= 4 { #expect(Array(encoded.suffix(length)) != payload, "the payload went out unmasked") }
        let header = FrameHeader(fin: true, opcode: .binary, maskingKey: key, payloadLength: length)
        #expect(decodeFrames(encoded, feed: .whole, decoder: serverDecoder()) == [.frame(header, payload)])
    }

    @Test func unmaskedOutputDecodesBackForAClient() {
        let payload = pseudoRandomBytes(500)
        let header = FrameHeader(fin: false, opcode: .text, payloadLength: 500)
        let decoded = decodeFrames(frame(.text, payload, fin: false), feed: .whole, decoder: clientDecoder())
        #expect(decoded == [.frame(header, payload)])
    }

    // MARK: Close frames

    @Test func encoderWritesACloseWithCodeInNetworkOrderThenReason() {
        var output: [UInt8] = []
        FrameEncoder.appendClose(.goingAway, reason: "bye", to: &output)
        #expect(output == [0x88, 0x05, 0x03, 0xE9] + Array("bye".utf8))
    }

    @Test func encoderWritesAnEmptyCloseWithoutACodeAndDropsTheReason() {
        var output: [UInt8] = []
        FrameEncoder.appendClose(nil, reason: "ignored", to: &output)
        #expect(output == [0x88, 0x00])
    }

    @Test(arguments: [
        ("ASCII", String(repeating: "a", count: 200), 123),
        ("exactly 123 bytes", String(repeating: "b", count: 123), 123),
        ("two-byte characters", String(repeating: "é", count: 100), 122),
        ("three-byte characters", String(repeating: "€", count: 50), 123),
        ("four-byte characters", String(repeating: "😀", count: 40), 120),
        ("a four-byte character across the limit", String(repeating: "a", count: 121) + "😀", 121),
    ])
    func encoderCutsACloseReasonTo123BytesAtACharacterBoundary(_ name: String, _ reason: String, _ reasonBytes: Int) {
        var output: [UInt8] = []
        FrameEncoder.appendClose(.normal, reason: reason, maskingKey: maskingKey(7, 7, 7, 7), to: &output)
        let events = readEvents(output, reader: serverReader())
        let expected = String(decoding: Array(reason.utf8).prefix(reasonBytes), as: UTF8.self)
        #expect(events == [.close(.normal, reason: expected)])
        #expect(expected.utf8.count == reasonBytes)
        #expect(output.count == 2 + 4 + 2 + reasonBytes)
    }
}
