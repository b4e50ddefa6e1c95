/// What a frame carries. An open set: the decoder passes any value through,
/// and the link decides what to do with a type it does not know (it refuses
/// it), so a later version can add types without changing the decoder.
///
/// Before the handshake completes only the handshake types and `.close` are
/// allowed; after it, only `.close`, `.ping`, `.pong` and `.data`.
public struct ClusterFrameType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Handshake 1, initiator → acceptor: who I am, which key, my nonce.
    public static let hello = ClusterFrameType(rawValue: 0x01)
    /// Handshake 2, acceptor → initiator: who I am, my nonce, my proof.
    public static let challenge = ClusterFrameType(rawValue: 0x02)
    /// Handshake 3, initiator → acceptor: the initiator's proof.
    public static let proof = ClusterFrameType(rawValue: 0x03)
    /// Handshake 4, acceptor → initiator: the link is up (no payload).
    public static let welcome = ClusterFrameType(rawValue: 0x04)
    /// Either side, any time: the sender is closing, with a `ClusterCloseReason`.
    public static let close = ClusterFrameType(rawValue: 0x0F)
    /// Keep-alive request; the payload (up to 16 bytes) is echoed in the pong.
    public static let ping = ClusterFrameType(rawValue: 0x10)
    /// Keep-alive answer.
    public static let pong = ClusterFrameType(rawValue: 0x11)
    /// An opaque payload for the layer named by the header's channel.
    public static let data = ClusterFrameType(rawValue: 0x20)

    /// Whether this type belongs to the handshake (hello to welcome).
    public var isHandshake: Bool { (0x01...0x04).contains(rawValue) }

    public var description: String {
        switch self {
        case .hello: "hello"
        case .challenge: "challenge"
        case .proof: "proof"
        case .welcome: "welcome"
        case .close: "close"
        case .ping: "ping"
        case .pong: "pong"
        case .data: "data"
        default: "type \(rawValue)"
        }
    }
}
