/// Hard limits on one HTTP head, each enforced at the exact byte where it is crossed, however the bytes are split.
///
/// The parsers never hold more than `maxHeaderBytes` of a head, so these also bound the memory a slow or
/// hostile peer can pin per connection.
public struct HTTPLimits: Sendable, Equatable {
    /// Longest request line accepted: method, target and version without the CRLF. One byte more fails with
    /// `HTTPParseError.requestLineTooLong` (414). The response parser applies it to the status line.
    public var maxRequestLineBytes: Int

    /// Largest head accepted, counting every byte from the first one received to the LF of the blank line:
    /// empty lines before the request line, the request line, header lines and all line endings.
    /// One byte more fails with `HTTPParseError.headersTooLarge` (431).
    public var maxHeaderBytes: Int

    /// Most header field lines accepted in one head. One more fails with `HTTPParseError.tooManyHeaders` (431).
    public var maxHeaderCount: Int

    /// Limits with defaults sized for browsers and game clients: 8 KiB request line, 16 KiB head, 64 fields.
    public init(maxRequestLineBytes: Int = 8 * 1024, maxHeaderBytes: Int = 16 * 1024, maxHeaderCount: Int = 64) {
        precondition(maxRequestLineBytes > 0, "maxRequestLineBytes must be positive")
        precondition(maxHeaderBytes > 0, "maxHeaderBytes must be positive")
        precondition(maxHeaderCount >= 0, "maxHeaderCount must not be negative")
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
    }
}
