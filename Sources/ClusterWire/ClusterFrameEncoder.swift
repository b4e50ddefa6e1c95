/// Writes cluster frames (see `ClusterFrameHeader` for the layout).
public struct ClusterFrameEncoder: Sendable {
    /// The largest payload this encoder frames; `append` refuses more.
    public var maxPayloadBytes: Int

    public init(maxPayloadBytes: Int = ClusterFrameLimits.defaultMaxPayloadBytes) {
        precondition(
            (0...ClusterFrameLimits.absoluteMaxPayloadBytes).contains(maxPayloadBytes),
            "maxPayloadBytes must be 0...\(ClusterFrameLimits.absoluteMaxPayloadBytes)")
        self.maxPayloadBytes = maxPayloadBytes
    }

    /// Appends one frame to `output`. Returns false, appending nothing, when
    /// the payload is over `maxPayloadBytes` (the peer would refuse it and drop the link).
    @discardableResult
    public func append(
        _ type: ClusterFrameType, channel: ClusterChannel = .none, payload: UnsafeRawBufferPointer,
        to output: inout [UInt8]
    ) -> Bool {
        precondition(type == .data || channel == .none, "only data frames carry a channel")
        guard payload.count <= maxPayloadBytes else { return false }
        Self.appendHeader(ClusterFrameHeader(type: type, channel: channel, payloadByteCount: payload.count), to: &output)
        output.append(contentsOf: payload)
        return true
    }

    /// `append` for a payload in an array.
    @discardableResult
    public func append(
        _ type: ClusterFrameType, channel: ClusterChannel = .none, payload: [UInt8], to output: inout [UInt8]
    ) -> Bool {
        payload.withUnsafeBytes { append(type, channel: channel, payload: $0, to: &output) }
    }

    /// One frame as a new array (for the small control and handshake frames).
    public static func frame(_ type: ClusterFrameType, channel: ClusterChannel = .none, payload: [UInt8] = []) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(ClusterFrameHeader.byteCount + payload.count)
        let framed = ClusterFrameEncoder(maxPayloadBytes: ClusterFrameLimits.absoluteMaxPayloadBytes)
            .append(type, channel: channel, payload: payload, to: &output)
        precondition(framed, "control frame payload over the absolute limit")
        return output
    }

    /// Writes the 8 header bytes (the header's own version and flags, so tests
    /// can build invalid frames through the same code).
    public static func appendHeader(_ header: ClusterFrameHeader, to output: inout [UInt8]) {
        let length = UInt32(header.payloadByteCount + ClusterFrameHeader.lengthCoveredBytes)
        output.append(UInt8(truncatingIfNeeded: length >> 24))
        output.append(UInt8(truncatingIfNeeded: length >> 16))
        output.append(UInt8(truncatingIfNeeded: length >> 8))
        output.append(UInt8(truncatingIfNeeded: length))
        output.append(header.version)
        output.append(header.type.rawValue)
        output.append(header.channel.rawValue)
        output.append(header.flags)
    }
}
