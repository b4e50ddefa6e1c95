/// The WebSocket close codes Roost uses, and what a client should do after each.
///
/// The 4000–4999 range is the application's own (RFC 6455 §7.4.2); the standard codes keep their
/// RFC meaning. Plain `UInt16` so this module needs nothing from the WebSocket target.
public enum CloseCodes {
    // MARK: Roost's own (4000–4999)

    /// 4000: the first message was not a valid `hello`, or none came within the hello timeout.
    public static let helloRequired: UInt16 = 4000
    /// 4001: `hello.v` names a protocol version this server does not speak.
    public static let unsupportedVersion: UInt16 = 4001
    /// 4002: the token in `hello` is forged, expired or from another cluster. Drop it and log in again.
    public static let invalidToken: UInt16 = 4002
    /// 4003: this session was resumed on another connection, which now owns it. Do not reconnect.
    public static let sessionReplaced: UInt16 = 4003
    /// 4029: repeated abuse: the connection kept sending over its rate limits (like HTTP 429).
    public static let abuse: UInt16 = 4029

    // MARK: Standard codes with a Roost meaning

    /// 1000: normal closure.
    public static let normal: UInt16 = 1000
    /// 1001: the server is going away without a restart (or an idle connection timed out).
    public static let goingAway: UInt16 = 1001
    /// 1002: the WebSocket layer found a framing error.
    public static let protocolError: UInt16 = 1002
    /// 1003: a binary message (Roost speaks text frames only).
    public static let unsupportedData: UInt16 = 1003
    /// 1007: a text message was not UTF-8.
    public static let invalidPayload: UInt16 = 1007
    /// 1008: policy violation: a slow consumer whose send queue overflowed.
    public static let policyViolation: UInt16 = 1008
    /// 1009: a message over `maxMessageBytes`.
    public static let messageTooBig: UInt16 = 1009
    /// 1011: the server hit an unexpected condition.
    public static let internalError: UInt16 = 1011
    /// 1012: service restart (a deploy): reconnect, to any node, and resume.
    public static let serviceRestart: UInt16 = 1012
    /// 1013: try again later: the node is overloaded or at its connection cap.
    public static let tryAgainLater: UInt16 = 1013

    /// What a client should do after a close with `code`.
    public enum Advice: Hashable, Sendable {
        /// Reconnect soon (after a short random delay) and resume the session.
        case reconnectAndResume
        /// Reconnect with exponential backoff and resume.
        case backOffAndResume
        /// Reconnect without the token: log in again (a new identity).
        case reconnectWithoutToken
        /// Do not reconnect on your own; tell the user.
        case doNotReconnect
    }

    /// The advice for `code` (`nil`: the connection dropped without a close frame, also 1006).
    public static func advice(for code: UInt16?) -> Advice {
        switch code {
        case nil, 1001, 1006, 1012: .reconnectAndResume
        case 1011, 1013: .backOffAndResume
        case invalidToken: .reconnectWithoutToken
        case 1008, 1009: .backOffAndResume
        // 1000, 1002, 1003, 1007, 4000, 4001, 4003, 4029 and unknown codes.
        default: .doNotReconnect
        }
    }
}
