import Games
import Protocol

/// Everything one shard asks of another, as a value: the same message goes to a shard on this
/// node (run on its loop) or on another node (encoded and sent over the cluster link).
///
/// Games, sessions and connections each live on one shard; they never touch each other's state,
/// they send these. The cases group by who receives them.
enum NodeMessage: Sendable {
    // MARK: To a game's shard

    /// Open game `game` here (placed on this shard by a lobby) with `session` in seat 0.
    case host(game: String, setup: GameSetup, session: SessionAddress, player: PlayerInfo, cid: Int?)

    /// `game.join` (and quickplay, and invites resolved by the lobby).
    case join(game: String, session: SessionAddress, player: PlayerInfo, role: ClientMessage.JoinRole, viaInvite: Bool, cid: Int?)
    /// `game.move`.
    case move(game: String, session: SessionAddress, move: GameValue, cid: Int?)
    /// `game.leave`.
    case leave(game: String, session: SessionAddress, cid: Int?)
    /// A chat line in the game's room.
    case gameChat(game: String, session: SessionAddress, line: ServerMessage.ChatLine, cid: Int?)
    /// A session in the game lost its connection, came back, or expired.
    case presence(game: String, session: SessionAddress, change: SessionPresence)
    /// Graceful hand-off: host this game from now on (see `HandedGame`).
    case adopt(HandedGame)
    /// Graceful hand-off, to the shard that handed `game` over: it is hosted at `place` now, or
    /// (`accepted` false) could not be taken.
    case adopted(game: String, place: ShardPlace, accepted: Bool)
    /// Routing: `game` is hosted at `place`, not where its id says (nil: as its id says again).
    /// Local only: each node's lobby derives it from the replicated game list.
    case gameMoved(game: String, place: ShardPlace?)

    // MARK: To a session's shard

    /// Messages for sessions of the receiving shard (ids), in order.
    case deliver(sessions: [String], message: OutboundMessage, membership: MembershipChange?)
    /// A membership change without a message.
    case membership(session: String, change: MembershipChange)
    /// A request read by the connection at `link`.
    case request(session: String, link: LinkAddress, cid: Int?, message: ClientMessage)
    /// The connection at `link` dropped.
    case connectionLost(session: String, link: LinkAddress)
    /// A `hello` asking to resume `session` from `lastSeq`.
    case resume(session: String, lastSeq: Int, request: SessionRequest)

    // MARK: To a connection's shard

    /// Encoded server messages for the connection.
    case transmit(link: Int, bytes: [UInt8])
    /// The connection's session is now `session`.
    case attach(link: Int, session: SessionAddress)
    /// The connection's session moved to another connection (close 4003).
    case replaced(link: Int)
    /// A resume was refused: open a new session for the connection.
    case openSession(request: SessionRequest, refusal: String)
}

/// What happened to a session that a game it is in must know.
enum SessionPresence: UInt8, Sendable {
    case away, returned, gone
}
