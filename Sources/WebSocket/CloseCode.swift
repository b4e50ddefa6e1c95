/// A close status code (RFC 6455 §7.4 and the IANA registry).
public struct CloseCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public init(_ rawValue: UInt16) { self.rawValue = rawValue }

    /// 1000: the purpose of the connection is fulfilled.
    public static let normal = CloseCode(1000)
    /// 1001: the endpoint is going away (server shutdown, page navigation).
    public static let goingAway = CloseCode(1001)
    /// 1002: the peer broke the protocol.
    public static let protocolError = CloseCode(1002)
    /// 1003: a data type this endpoint does not accept.
    public static let unsupportedData = CloseCode(1003)
    /// 1005: no code was present (reported locally, never sent).
    public static let noStatusReceived = CloseCode(1005)
    /// 1006: the connection dropped without a close frame (reported locally, never sent).
    public static let abnormalClosure = CloseCode(1006)
    /// 1007: a text message was not valid UTF-8, or data did not match its type.
    public static let invalidPayload = CloseCode(1007)
    /// 1008: the peer violated a policy (rate limits, slow consumer, origin).
    public static let policyViolation = CloseCode(1008)
    /// 1009: a frame or message exceeded the size limit.
    public static let messageTooBig = CloseCode(1009)
    /// 1010: the client needed an extension the server did not negotiate.
    public static let mandatoryExtension = CloseCode(1010)
    /// 1011: the server hit an unexpected condition.
    public static let internalError = CloseCode(1011)
    /// 1012: the service is restarting; reconnect (used on graceful node leave).
    public static let serviceRestart = CloseCode(1012)
    /// 1013: try again later (overload).
    public static let tryAgainLater = CloseCode(1013)

    /// Whether a peer may put this code in a close frame: the registered codes
    /// that are not reserved for local use, and the 3000–4999 ranges for
    /// libraries and applications. Anything else is a protocol error (§7.4.1).
    public var isAllowedOnWire: Bool {
        switch rawValue {
        case 1000...1003, 1007...1014, 3000...4999: true
        default: false
        }
    }

    public var description: String { String(rawValue) }
}
