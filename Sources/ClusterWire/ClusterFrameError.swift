/// Why a byte stream is not a valid sequence of cluster frames. After any of
/// these the stream has no trustworthy frame boundary left: the connection
/// must close.
public enum ClusterFrameError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The length field is 0.
    case zeroLength
    /// The length field is 1, 2 or 3: less than the header bytes it must cover.
    case lengthTooShort(UInt32)
    /// The frame declares more payload than the receiver accepts.
    case frameTooLarge(payloadBytes: Int, maxPayloadBytes: Int)
    /// The version byte is not one this build speaks.
    case unsupportedVersion(UInt8)
    /// A reserved flag bit is set.
    case reservedFlagsSet(UInt8)
    /// The stream ended inside a frame: `receivedBytes` of it had arrived, of
    /// `frameBytes` (nil when even the length field was incomplete).
    case truncated(receivedBytes: Int, frameBytes: Int?)

    public var description: String {
        switch self {
        case .zeroLength:
            "frame length is 0 (a frame is at least 4 bytes after its length field)"
        case .lengthTooShort(let length):
            "frame length is \(length) (a frame is at least 4 bytes after its length field)"
        case .frameTooLarge(let payload, let max):
            "frame declares \(payload) payload bytes, more than the \(max) accepted"
        case .unsupportedVersion(let version):
            "frame has wire version \(version); this node speaks version \(ClusterWireVersion.current)"
        case .reservedFlagsSet(let flags):
            "frame sets reserved flags 0x\(String(flags, radix: 16)) (must be 0 in version \(ClusterWireVersion.current))"
        case .truncated(let received, let frameBytes):
            "stream ended inside a frame: \(received) of \(frameBytes.map(String.init) ?? "at least 4") bytes arrived"
        }
    }
}
