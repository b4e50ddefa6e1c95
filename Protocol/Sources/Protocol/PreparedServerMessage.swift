/// A server message encoded once for many recipients, who differ only in `seq`.
///
/// A game update, a lobby event or a chat line goes to every session that follows the game, the
/// lobby or the room; each session numbers it in its own sequence. Preparing the message writes
/// everything but `seq` once; `encode(seq:)` then costs two copies and a number.
///
/// `seq` is the member right after `t`, and `t` always comes first, so the bytes are split there.
public struct PreparedServerMessage: Hashable, Sendable {
    /// `{"t":"game.update"`: everything before `seq`.
    public let head: [UInt8]
    /// `,"game":...}`: everything after `seq`.
    public let tail: [UInt8]
    /// The message's `t`.
    public let type: String

    /// Prepares a sequenced message that answers no request (a push); replies are written per session.
    public init(_ message: ServerMessage) {
        precondition(message.cid == nil, "a reply goes to one session; encode it with encode(seq:)")
        self.init(numbering: message)
    }

    /// Prepares any sequenced message, a reply with its `cid` included, for one session that will
    /// number it elsewhere (a session on another node: the message crosses the cluster link as its
    /// two halves, and that node writes the `seq`).
    public init(numbering message: ServerMessage) {
        precondition(message.isSequenced, "only sequenced messages take a seq")
        var writer = JSONWriter(capacity: 128)
        writer.beginObject()
        writer.key("t")
        writer.string(message.type)
        let split = writer.count
        message.writeFields(into: &writer)
        writer.endObject()
        let bytes = writer.bytes
        head = Array(bytes[..<split])
        tail = Array(bytes[split...])
        type = message.type
    }

    /// A `game.update` whose update was already written as a fragment (shared by every game's
    /// spectators and players, and across ticks if it repeats).
    public init(gameUpdate game: String, update: JSONFragment) {
        var writer = JSONWriter(capacity: 32 + update.bytes.count)
        writer.beginObject()
        writer.key("t")
        writer.string(ServerMessage.MessageType.gameUpdate)
        let split = writer.count
        writer.member("game", game)
        writer.key("u")
        writer.fragment(update)
        writer.endObject()
        let bytes = writer.bytes
        head = Array(bytes[..<split])
        tail = Array(bytes[split...])
        type = ServerMessage.MessageType.gameUpdate
    }

    /// Halves that came over the cluster link, accepted when they look like this type's output:
    /// `head` is `{"t":` and a JSON string naming `type`, `tail` is empty or starts with `,`, and
    /// `tail` ends the object. The peer is authenticated; this guards against its bugs, not forgery.
    public init?(head: [UInt8], tail: [UInt8]) {
        var writer = JSONWriter(capacity: 16)
        writer.beginObject()
        writer.key("t")
        let prefix = writer.bytes
        guard head.count > prefix.count + 2, head.starts(with: prefix), head.last == ASCII.quote,
            tail.last == ASCII.closeBrace, tail.first == ASCII.comma || tail.count == 1,
            case .success(.string(let type)) = JSONParser.parse(Array(head[prefix.count...]))
        else { return nil }
        self.head = head
        self.tail = tail
        self.type = type
    }

    /// `,"seq":`
    static let seqKey: [UInt8] = Array(#","seq":"#.utf8)

    /// The message for one session, numbered `seq`.
    public func encode(seq: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(head.count + tail.count + 24)
        encode(seq: seq, into: &bytes)
        return bytes
    }

    /// Appends the message for one session, numbered `seq`, to `bytes`.
    public func encode(seq: Int, into bytes: inout [UInt8]) {
        precondition(seq >= 1 && seq <= FieldRules.maxSafeInteger, "seq out of range")
        bytes.append(contentsOf: head)
        bytes.append(contentsOf: Self.seqKey)
        JSONWriter.appendDecimal(Int64(seq), to: &bytes)
        bytes.append(contentsOf: tail)
    }

    /// Appends the message for one session, numbered `seq`, to `writer` (a per-loop staging buffer).
    public func encode(seq: Int, into writer: inout JSONWriter) {
        precondition(seq >= 1 && seq <= FieldRules.maxSafeInteger, "seq out of range")
        writer.appendRaw(head)
        writer.appendRaw(Self.seqKey)
        writer.int(seq)
        writer.appendRaw(tail)
    }
}
