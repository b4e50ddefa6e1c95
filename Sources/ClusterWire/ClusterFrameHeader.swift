/// The fixed 8-byte header in front of every cluster frame (all integers big-endian).
///
/// ```
///  byte 0         4         5        6         7        8
///       +---------+---------+--------+---------+--------+-------------------+
///       | length  | version | type   | channel | flags  | payload           |
///       | u32     | u8 (1)  | u8     | u8      | u8 (0) | length - 4 bytes  |
///       +---------+---------+--------+---------+--------+-------------------+
/// ```
///
/// `length` counts every byte after itself (version, type, channel, flags and
/// the payload), so it is at least 4; a frame occupies `4 + length` bytes.
/// `channel` is meaningful for `.data` frames only and 0 on every other type.
/// `flags` are reserved and must be 0 in version 1: a receiver refuses a frame
/// with any flag set rather than guess at a meaning it does not know (as RFC
/// 6455 §5.2 does with its RSV bits).
public struct ClusterFrameHeader: Hashable, Sendable {
    /// Bytes of the header on the wire.
    public static let byteCount = 8
    /// Header bytes the length field counts (version, type, channel, flags).
    public static let lengthCoveredBytes = 4

    /// The wire version (`ClusterWireVersion.current`).
    public var version: UInt8
    /// What the frame carries.
    public var type: ClusterFrameType
    /// For `.data` frames, which layer the payload belongs to; `.none` otherwise.
    public var channel: ClusterChannel
    /// Reserved; 0.
    public var flags: UInt8
    /// Bytes of payload after the header.
    public var payloadByteCount: Int

    public init(
        type: ClusterFrameType, channel: ClusterChannel = .none, payloadByteCount: Int,
        version: UInt8 = ClusterWireVersion.current, flags: UInt8 = 0
    ) {
        self.version = version
        self.type = type
        self.channel = channel
        self.flags = flags
        self.payloadByteCount = payloadByteCount
    }

    /// The whole frame's size on the wire.
    public var frameByteCount: Int { Self.byteCount + payloadByteCount }

    /// Reads a header from 8 bytes at `start` (already validated).
    static func load(from start: UnsafeRawPointer) -> ClusterFrameHeader {
        let length = UInt32(bigEndian: start.loadUnaligned(as: UInt32.self))
        return ClusterFrameHeader(
            type: ClusterFrameType(rawValue: start.load(fromByteOffset: 5, as: UInt8.self)),
            channel: ClusterChannel(rawValue: start.load(fromByteOffset: 6, as: UInt8.self)),
            payloadByteCount: Int(length) - lengthCoveredBytes,
            version: start.load(fromByteOffset: 4, as: UInt8.self),
            flags: start.load(fromByteOffset: 7, as: UInt8.self))
    }

    /// Checks the first `count` (up to 8) header bytes at `start`, in wire
    /// order: length, then version, then flags. Checking whatever prefix has
    /// arrived, in a fixed order, is what makes the decoder report the same
    /// error however the stream is split.
    static func validatePrefix(_ start: UnsafeRawPointer, count: Int, maxPayloadBytes: Int) -> ClusterFrameError? {
        if count >= 4 {
            let length = UInt32(bigEndian: start.loadUnaligned(as: UInt32.self))
            if length == 0 { return .zeroLength }
            if length < UInt32(lengthCoveredBytes) { return .lengthTooShort(length) }
            let payload = Int(length) - lengthCoveredBytes
            if payload > maxPayloadBytes { return .frameTooLarge(payloadBytes: payload, maxPayloadBytes: maxPayloadBytes) }
        }
        if count >= 5 {
            let version = start.load(fromByteOffset: 4, as: UInt8.self)
            if version != ClusterWireVersion.current { return .unsupportedVersion(version) }
        }
        if count >= 8 {
            let flags = start.load(fromByteOffset: 7, as: UInt8.self)
            if flags != 0 { return .reservedFlagsSet(flags) }
        }
        return nil
    }
}
