/// An error as the protocol carries it: `{"t":"error","code":...,"message":...,"cid":...,"field":...}`.
///
/// Decoding a client message fails with one of these (`bad_json`, `unknown_type`, `bad_field`,
/// `message_too_big`, `version_mismatch`, `chat_too_long`), and the server sends them for refused
/// requests. `message` is for people and never echoes the sender's payload.
public struct ProtocolError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The stable name.
    public var code: ErrorCode
    /// A short explanation saying what was wrong and what to do.
    public var message: String
    /// The request's correlation id, when the failed message had a readable one.
    public var cid: Int?
    /// For `bad_field`: the field's path, dotted from the message (`"client.name"`, `"resume.lastSeq"`).
    public var field: String?

    /// An error with these fields.
    public init(code: ErrorCode, message: String, cid: Int? = nil, field: String? = nil) {
        self.code = code
        self.message = message
        self.cid = cid
        self.field = field
    }

    /// `bad_field` for `field`, saying what it should be.
    public static func badField(_ field: String, _ message: String) -> ProtocolError {
        ProtocolError(code: .badField, message: "\(field): \(message)", field: field)
    }

    /// The same error answering `cid`.
    public func answering(_ cid: Int?) -> ProtocolError {
        var copy = self
        copy.cid = cid
        return copy
    }

    public var description: String {
        var text = "\(code.rawValue): \(message)"
        if let cid { text += " (cid \(cid))" }
        return text
    }
}
