/// A frame's opcode (RFC 6455 §5.2).
public enum Opcode: UInt8, Sendable {
    case continuation = 0x0
    case text = 0x1
    case binary = 0x2
    case close = 0x8
    case ping = 0x9
    case pong = 0xA

    /// Close, ping and pong: at most 125 bytes, never fragmented (§5.5).
    public var isControl: Bool { rawValue & 0x8 != 0 }
}

/// Which end of the connection this codec plays; it decides the masking
/// rules (§5.1: clients mask every frame, servers never do).
public enum WebSocketRole: Sendable {
    case server
    case client
}
