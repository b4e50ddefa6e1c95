import Protocol

extension ClientEvent {
    /// The deepest nesting accepted from a server: twice the protocol's 32, so a game payload a
    /// little deeper than today's still reads. The parser caps recursion itself.
    static let maxServerDepth = 64

    /// Reads one text message from the server. Never fails: what does not decode becomes
    /// `.undecodable` with the reason, so bad input from a server cannot crash a client.
    public static func decoding(_ bytes: UnsafeRawBufferPointer, maxBytes: Int) -> ClientEvent {
        let limits = JSONParser.Limits(maxBytes: maxBytes, maxDepth: maxServerDepth)
        switch JSONParser.parse(bytes, limits: limits) {
        case .failure(let error):
            return .undecodable(text: text(bytes), error: ProtocolError(code: .badJSON, message: error.description))
        case .success(let value):
            guard case .object(let object) = value else {
                let error = ProtocolError(code: .badJSON, message: "a message must be a JSON object, found \(value.typeName)")
                return .undecodable(text: text(bytes), error: error)
            }
            switch ServerMessage.decode(object) {
            case .success(let (seq, message)):
                return .message(ReceivedMessage(seq: seq, message: message, json: value))
            case .failure(let error):
                return .undecodable(text: text(bytes), error: error)
            }
        }
    }

    /// Reads one text message from the server.
    public static func decoding(_ text: String, maxBytes: Int = ServerMessage.defaultMaxClientReadBytes) -> ClientEvent {
        var text = text
        return text.withUTF8 { decoding(UnsafeRawBufferPointer($0), maxBytes: maxBytes) }
    }

    /// A binary message: the protocol has none, so it is reported, not read.
    static func binary(count: Int) -> ClientEvent {
        .undecodable(
            text: "(\(count) bytes of binary)",
            error: ProtocolError(code: .badJSON, message: "the server sent a binary message; roost.v1 uses text only"))
    }

    private static func text(_ bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
