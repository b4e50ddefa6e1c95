import Protocol

/// A sequenced server message on its way to one session, before the session numbers it.
///
/// Pushes that go to many sessions (`game.update`, `lobby.event`, `chat`) are `.shared`: encoded
/// once, and each session only writes its own `seq` between the halves. Replies and other
/// one-session messages are `.single` and are encoded by the session that sends them.
enum OutboundMessage: Sendable {
    /// A push encoded once for many sessions.
    case shared(PreparedServerMessage)
    /// A message for this session only (a reply with `cid`, `game.joined`, an error). Indirect:
    /// a `ServerMessage` is about 200 bytes inline, and every session keeps 1,024 of these for
    /// resume, most of them shared pushes that need 16.
    indirect case single(ServerMessage)

    /// The message's `t`, for metrics and logs (never the payload).
    var type: String {
        switch self {
        case .shared(let prepared): prepared.type
        case .single(let message): message.type
        }
    }

    /// Appends the message numbered `seq` to `writer`.
    func encode(seq: Int, into writer: inout JSONWriter) {
        switch self {
        case .shared(let prepared): prepared.encode(seq: seq, into: &writer)
        case .single(let message): message.encode(seq: seq, into: &writer)
        }
    }
}
