/// Why a client must fail the connection over the server's permessage-deflate response (RFC 7692 §5.1, §7.1).
public enum PerMessageDeflateError: Error, Equatable, Sendable {
    /// The header value breaks the `Sec-WebSocket-Extensions` grammar (RFC 6455 §9.1).
    case malformedHeader
    /// The server accepted permessage-deflate although this client did not offer it.
    case extensionNotOffered
    /// The response value does not name permessage-deflate.
    case extensionMissing
    /// The response names permessage-deflate more than once.
    case extensionRepeated
    /// A parameter RFC 7692 does not define.
    case unknownParameter(String)
    /// A parameter named twice.
    case duplicateParameter(String)
    /// A parameter with a value where none is allowed, without one where one is required, or with a window size outside 8...15.
    case invalidParameterValue(String)
    /// A parameter the server may send only in answer to an offer that named it (`client_max_window_bits`, §7.1.2.2).
    case unrequestedParameter(String)
    /// `server_max_window_bits` above the value this client asked for (§7.1.2.1).
    case serverWindowBitsAboveRequest(requested: Int, received: Int)
}

extension PerMessageDeflateError: CustomStringConvertible {
    /// What was wrong and what to do, for logs (no payloads or header values beyond parameter names).
    public var description: String {
        let advice = "fail the connection (RFC 7692 §5.1); the server's permessage-deflate support is broken"
        switch self {
        case .malformedHeader:
            return "Sec-WebSocket-Extensions does not follow RFC 6455 §9.1; \(advice)"
        case .extensionNotOffered:
            return "the server enabled permessage-deflate, which this client did not offer; fail the connection (RFC 6455 §4.1)"
        case .extensionMissing:
            return "the response value does not name permessage-deflate; pass only a response that accepted it"
        case .extensionRepeated:
            return "the response names permessage-deflate more than once; \(advice)"
        case .unknownParameter(let name):
            return "unknown permessage-deflate parameter \(name); \(advice)"
        case .duplicateParameter(let name):
            return "permessage-deflate parameter \(name) appears twice; \(advice)"
        case .invalidParameterValue(let name):
            return "permessage-deflate parameter \(name) has an invalid value (window bits must be 8...15); \(advice)"
        case .unrequestedParameter(let name):
            return "the server sent \(name), which this client did not offer; \(advice)"
        case .serverWindowBitsAboveRequest(let requested, let received):
            return "the server chose server_max_window_bits=\(received) above the \(requested) requested; \(advice)"
        }
    }
}
