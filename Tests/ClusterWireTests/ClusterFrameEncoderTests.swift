import ClusterWire
import Testing

@Suite struct ClusterFrameEncoderTests {
    @Test func encoderWritesTheDocumentedLayout() {
        var output: [UInt8] = []
        #expect(ClusterFrameEncoder().append(.data, channel: .forwardRequest, payload: [0xAA, 0xBB], to: &output))
        #expect(output == [0, 0, 0, 6, 1, 0x20, 4, 0, 0xAA, 0xBB])
        #expect(ClusterFrameEncoder.frame(.ping) == [0, 0, 0, 4, 1, 0x10, 0, 0])
        #expect(ClusterFrameEncoder.frame(.close, payload: ClusterCloseReason.shuttingDown.payload) == [0, 0, 0, 5, 1, 0x0F, 0, 0, 10])
    }

    @Test func encoderRefusesAPayloadOverTheLimitAndAppendsNothing() {
        var output: [UInt8] = [9]
        #expect(!ClusterFrameEncoder(maxPayloadBytes: 4).append(.data, channel: .pubSub, payload: [1, 2, 3, 4, 5], to: &output))
        #expect(output == [9])
        #expect(ClusterFrameEncoder(maxPayloadBytes: 4).append(.data, channel: .pubSub, payload: [1, 2, 3, 4], to: &output))
    }

    @Test func encodedFramesDecodeBackInAnyPiecing() {
        var stream: [UInt8] = []
        let encoder = ClusterFrameEncoder()
        var expected: [Decoded] = []
        for size in [0, 1, 7, 300] {
            let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            encoder.append(.data, channel: .stateSync, payload: payload, to: &stream)
            expected.append(.frame(.data, .stateSync, payload))
        }
        #expect(decode([stream]) == expected)
        #expect(decode(stream.map { [$0] }) == expected)
    }
}
