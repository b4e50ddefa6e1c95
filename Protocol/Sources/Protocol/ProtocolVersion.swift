/// The protocol's version and the names that identify it on the wire.
///
/// A major version is a subprotocol name (`roost.v1`); within it, changes are only additive (new
/// optional fields, new message types and values behind capabilities), so `v` stays 1. A breaking
/// change gets a new subprotocol (`roost.v2`) that a server may offer beside the old one.
public enum ProtocolVersion {
    /// The major version this module speaks, sent as `hello.v` and `welcome.v`.
    public static let current = 1
    /// The WebSocket subprotocol (`Sec-WebSocket-Protocol`) for `current`.
    public static let subprotocol = "roost.v1"
    /// The HTTP path the WebSocket endpoint is served at.
    public static let path = "/ws"
}

/// A feature a client announces in `hello.caps`; `welcome.caps` lists those the server enables.
///
/// An open set: servers ignore names they do not know, so clients may announce future ones freely.
public struct Capability: RawRepresentable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }

    /// The client will send `hello.resume` after a drop; the server keeps a replay buffer for it.
    public static let resume: Capability = "resume"
    /// The client accepts `redirect` hints naming the node that owns a game.
    public static let redirect: Capability = "redirect"
}
