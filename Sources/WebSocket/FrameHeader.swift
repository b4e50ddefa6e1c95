/// The fields of a frame header that matter once it has been validated.
public struct FrameHeader: Sendable, Equatable {
    public var fin: Bool
    /// RSV1: "this message is compressed" under permessage-deflate (RFC 7692 §6).
    public var rsv1: Bool
    public var opcode: Opcode
    /// The four masking-key bytes as they appear on the wire, in memory order; nil when unmasked.
    public var maskingKey: UInt32?
    public var payloadLength: Int

    public init(fin: Bool, rsv1: Bool = false, opcode: Opcode, maskingKey: UInt32? = nil, payloadLength: Int) {
        self.fin = fin
        self.rsv1 = rsv1
        self.opcode = opcode
        self.maskingKey = maskingKey
        self.payloadLength = payloadLength
    }
}

/// Why the frame decoder refused a frame header (each is a protocol error,
/// close 1002, except `frameTooLarge`, close 1009).
public enum FrameError: Error, Equatable, Sendable {
    case reservedBitsSet
    case unknownOpcode(UInt8)
    case fragmentedControlFrame
    case controlFrameTooLong(Int)
    case unmaskedClientFrame
    case maskedServerFrame
    case nonMinimalLength
    case invalidLength
    case frameTooLarge(limit: Int)

    /// The close code this error calls for.
    public var closeCode: CloseCode {
        if case .frameTooLarge = self { return .messageTooBig }
        return .protocolError
    }

    /// Short text for the close frame's reason and for logs.
    public var reason: String {
        switch self {
        case .reservedBitsSet: "reserved bits set without a negotiated extension"
        case .unknownOpcode(let opcode): "unknown opcode \(opcode)"
        case .fragmentedControlFrame: "fragmented control frame"
        case .controlFrameTooLong: "control frame longer than 125 bytes"
        case .unmaskedClientFrame: "client frame not masked"
        case .maskedServerFrame: "server frame masked"
        case .nonMinimalLength: "payload length not minimally encoded"
        case .invalidLength: "payload length out of range"
        case .frameTooLarge(let limit): "frame larger than \(limit) bytes"
        }
    }
}
