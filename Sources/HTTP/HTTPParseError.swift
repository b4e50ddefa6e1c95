/// Why a head was rejected. Each case names one rule of RFC 9110/9112 or one `HTTPLimits` tunable.
///
/// `status` is what a server answers; `reason` is a short text for the response body that never echoes
/// the peer's bytes. The response-only cases map to 502, what a gateway would answer for a bad upstream.
public enum HTTPParseError: Error, Equatable, Hashable, Sendable, CaseIterable {
    // MARK: Limits

    /// The request line is longer than `HTTPLimits.maxRequestLineBytes`.
    case requestLineTooLong
    /// The head is larger than `HTTPLimits.maxHeaderBytes`.
    case headersTooLarge
    /// The head has more than `HTTPLimits.maxHeaderCount` header fields.
    case tooManyHeaders

    // MARK: Line endings (RFC 9112 §2.2)

    /// A CR not followed by LF.
    case bareCarriageReturn
    /// An LF not preceded by CR; Roost requires CRLF line endings.
    case bareLineFeed

    // MARK: Request line (RFC 9112 §3)

    /// Not `method SP request-target SP HTTP-version` with single spaces.
    case malformedRequestLine
    /// The method has a byte outside `tchar`.
    case invalidMethod
    /// The target has a byte outside VCHAR, or its form does not fit the method (RFC 9112 §3.2).
    case invalidTarget
    /// The version is not `HTTP/DIGIT.DIGIT`.
    case invalidVersion
    /// The version is well formed but not HTTP/1.x.
    case unsupportedVersion

    // MARK: Header fields (RFC 9112 §5)

    /// A header line without a colon.
    case malformedHeader
    /// A field name that is empty or has a byte outside `tchar`.
    case invalidHeaderName
    /// Whitespace between the field name and the colon (RFC 9112 §5.1 requires 400).
    case whitespaceBeforeColon
    /// A control character (other than HTAB) in a field value.
    case invalidHeaderValue
    /// A header line starting with whitespace: obs-fold, or whitespace before the first field (RFC 9112 §5.2, §2.2).
    case obsoleteLineFolding

    // MARK: Message framing (RFC 9112 §3.2, §6)

    /// A request with Transfer-Encoding; Roost reads no chunked request bodies.
    case unsupportedTransferEncoding
    /// A Content-Length that is not a list of decimal digits that fits in an `Int`.
    case invalidContentLength
    /// Content-Length values that disagree.
    case conflictingContentLength
    /// An HTTP/1.1 request without Host.
    case missingHost
    /// A request with more than one Host.
    case multipleHosts

    // MARK: Status line (client role, RFC 9112 §4)

    /// The status line is longer than `HTTPLimits.maxRequestLineBytes`.
    case statusLineTooLong
    /// Not `HTTP-version SP status-code [SP reason-phrase]`, or the reason has a control character.
    case malformedStatusLine
    /// The status code is not three digits in 100–599.
    case invalidStatusCode

    /// The status a server answers this error with.
    public var status: HTTPStatus {
        switch self {
        case .requestLineTooLong:
            .uriTooLong
        case .headersTooLarge, .tooManyHeaders:
            .requestHeaderFieldsTooLarge
        case .unsupportedVersion:
            .httpVersionNotSupported
        case .unsupportedTransferEncoding:
            .notImplemented
        case .statusLineTooLong, .malformedStatusLine, .invalidStatusCode:
            .badGateway
        case .bareCarriageReturn, .bareLineFeed, .malformedRequestLine, .invalidMethod, .invalidTarget,
             .invalidVersion, .malformedHeader, .invalidHeaderName, .whitespaceBeforeColon, .invalidHeaderValue,
             .obsoleteLineFolding, .invalidContentLength, .conflictingContentLength, .missingHost, .multipleHosts:
            .badRequest
        }
    }

    /// What was wrong and what to do, for a response body or a log line. Never contains received bytes.
    public var reason: String {
        switch self {
        case .requestLineTooLong: "The request line is too long; use a shorter URL."
        case .headersTooLarge: "The request headers are too large; send fewer or smaller headers."
        case .tooManyHeaders: "The request has too many header fields."
        case .bareCarriageReturn: "A CR is not followed by LF; end every line with CRLF."
        case .bareLineFeed: "A line ends with a bare LF; end every line with CRLF."
        case .malformedRequestLine: "The request line must be: method, target and version separated by single spaces."
        case .invalidMethod: "The method has a character not allowed in an HTTP token."
        case .invalidTarget: "The request target has a character not allowed, or a form the method does not take."
        case .invalidVersion: "The HTTP version must be written HTTP/1.1 or HTTP/1.0."
        case .unsupportedVersion: "Only HTTP/1.1 and HTTP/1.0 are supported."
        case .malformedHeader: "A header line has no colon."
        case .invalidHeaderName: "A header name is empty or has a character not allowed in an HTTP token."
        case .whitespaceBeforeColon: "A header name is followed by whitespace before the colon."
        case .invalidHeaderValue: "A header value contains a control character."
        case .obsoleteLineFolding: "A header line starts with whitespace; line folding is not supported."
        case .unsupportedTransferEncoding: "Transfer-Encoding is not supported; send a Content-Length instead."
        case .invalidContentLength: "The Content-Length is not a valid decimal number."
        case .conflictingContentLength: "The request has Content-Length values that disagree."
        case .missingHost: "An HTTP/1.1 request needs a Host header."
        case .multipleHosts: "The request has more than one Host header."
        case .statusLineTooLong: "The response status line is too long."
        case .malformedStatusLine: "The response status line must be: version, status code and reason."
        case .invalidStatusCode: "The response status code is not three digits in 100–599."
        }
    }
}
