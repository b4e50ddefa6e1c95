/// One JSON value already written as compact bytes, to be spliced into many messages unchanged.
///
/// A game update that goes to every player and spectator is encoded once as a fragment; each
/// recipient's message then costs a copy, not a walk over the value. A fragment can only be made
/// by `JSONWriter` (or checked by `JSONParser`), so its bytes are always one valid JSON value.
public struct JSONFragment: Hashable, Sendable {
    /// The compact JSON bytes.
    public let bytes: [UInt8]

    /// The compact encoding of `value`.
    public init(_ value: JSONValue) {
        bytes = JSONWriter.encode(value)
    }

    /// The value that `write` writes, for values the caller holds in another form (a game's own
    /// value type) and would rather not convert to `JSONValue` first. `write` must write exactly one
    /// value, which `JSONWriter` keeps well-formed.
    public init(writing write: (inout JSONWriter) -> Void) {
        var writer = JSONWriter(capacity: 64)
        write(&writer)
        bytes = writer.bytes
    }

    /// Bytes the caller has checked to be one compact JSON value.
    init(trustedBytes: [UInt8]) {
        bytes = trustedBytes
    }

    /// Bytes from elsewhere, accepted when they parse as one JSON value and are already compact
    /// (writing the parsed value again gives the same bytes).
    public init?(validating bytes: [UInt8], limits: JSONParser.Limits = .default) {
        guard case .success(let value) = JSONParser.parse(bytes, limits: limits), JSONWriter.encode(value) == bytes else {
            return nil
        }
        self.bytes = bytes
    }
}
