/// A message from the server to a client, with typed fields. Replies carry the request's `cid`;
/// the session sequence number `seq` is given when encoding (see `encode(seq:)`).
///
/// Game-specific values (`snapshot`, `u`, `outcome`) stay `JSONValue` here.
public enum ServerMessage: Hashable, Sendable {
    /// `welcome`: the answer to `hello`; the session is open. Unsequenced.
    case welcome(cid: Int?, Welcome)
    /// `login.ok`: logged in as `player`; keep `token` to resume or reconnect.
    case loginOK(cid: Int?, player: PlayerInfo, token: String)
    /// `ok`: the request `cid` succeeded and nothing else answers it.
    case ok(cid: Int)
    /// `lobby.snapshot`: the whole lobby (games of the subscribed kind) at revision `rev`.
    case lobbySnapshot(cid: Int?, rev: Int, games: [LobbyGame])
    /// `lobby.event`: one change to the lobby, at revision `rev`.
    case lobbyEvent(rev: Int, event: LobbyEvent)
    /// `game.joined`: the session is in a game, with everything needed to show it.
    case gameJoined(cid: Int?, GameJoined)
    /// `game.player`: someone in `game`'s seat joined, dropped, came back or left.
    case gamePlayer(game: String, seat: Int, player: PlayerInfo, status: PresenceStatus)
    /// `game.started`: every seat is taken and play begins from `snapshot`.
    case gameStarted(game: String, players: [SeatedPlayer], snapshot: JSONValue)
    /// `game.update`: a game-specific change (`u`).
    case gameUpdate(game: String, update: JSONValue)
    /// `game.finished`: the game is over; `result` is the stored result's id (`nil` when aborted).
    case gameFinished(game: String, outcome: JSONValue, result: String?)
    /// `chat`: a line said in a room.
    case chat(ChatLine)
    /// `pong`: the answer to `ping`, with the server's clock. Unsequenced.
    case pong(cid: Int?, at: Int64)
    /// `redirect`: a hint that `game` lives on the node at `url`. Unsequenced.
    case redirect(game: String, url: String)
    /// `error`: a request failed, or the message could not be read.
    case error(ProtocolError)
    /// The reply to `leaderboard.get`.
    case leaderboard(cid: Int?, LeaderboardReply)

    /// The `t` of each message type.
    public enum MessageType {
        public static let welcome = "welcome"
        public static let loginOK = "login.ok"
        public static let ok = "ok"
        public static let lobbySnapshot = "lobby.snapshot"
        public static let lobbyEvent = "lobby.event"
        public static let gameJoined = "game.joined"
        public static let gamePlayer = "game.player"
        public static let gameStarted = "game.started"
        public static let gameUpdate = "game.update"
        public static let gameFinished = "game.finished"
        public static let chat = "chat"
        public static let pong = "pong"
        public static let redirect = "redirect"
        public static let error = "error"
        public static let leaderboard = "leaderboard"

        /// Every server message type.
        public static let all = [
            welcome, loginOK, ok, lobbySnapshot, lobbyEvent, gameJoined, gamePlayer, gameStarted, gameUpdate,
            gameFinished, chat, pong, redirect, error, leaderboard,
        ]
    }

    /// This message's `t`.
    public var type: String {
        switch self {
        case .welcome: MessageType.welcome
        case .loginOK: MessageType.loginOK
        case .ok: MessageType.ok
        case .lobbySnapshot: MessageType.lobbySnapshot
        case .lobbyEvent: MessageType.lobbyEvent
        case .gameJoined: MessageType.gameJoined
        case .gamePlayer: MessageType.gamePlayer
        case .gameStarted: MessageType.gameStarted
        case .gameUpdate: MessageType.gameUpdate
        case .gameFinished: MessageType.gameFinished
        case .chat: MessageType.chat
        case .pong: MessageType.pong
        case .redirect: MessageType.redirect
        case .error: MessageType.error
        case .leaderboard: MessageType.leaderboard
        }
    }

    /// Whether the message belongs to the session's sequence (carries `seq`, is kept for resume).
    /// `welcome`, `pong` and `redirect` concern one connection only and are never replayed; an
    /// `error` is sequenced once the session exists (after `welcome`), unsequenced before.
    public var isSequenced: Bool {
        switch self {
        case .welcome, .pong, .redirect: false
        default: true
        }
    }

    /// The correlation id this message answers, if any.
    public var cid: Int? {
        switch self {
        case .welcome(let cid, _), .loginOK(let cid, _, _), .lobbySnapshot(let cid, _, _), .gameJoined(let cid, _),
            .pong(let cid, _), .leaderboard(let cid, _):
            cid
        case .ok(let cid): cid
        case .error(let error): error.cid
        default: nil
        }
    }
}

extension ServerMessage {
    /// The fields of `welcome`.
    public struct Welcome: Hashable, Sendable {
        /// The session id (resume it with this after a drop).
        public var session: String
        /// The name of the node serving this connection (for logs and bug reports).
        public var node: String
        /// The protocol major version in use.
        public var version: Int
        /// The capabilities in effect: those the client announced that the server supports.
        public var capabilities: [Capability]
        /// The limits the client must stay within.
        public var limits: SessionLimits
        /// The player, when `hello` carried a valid token (no `login` needed then).
        public var player: PlayerInfo?
        /// The games in which the player holds a seat (to rejoin after a failed resume).
        public var games: [String]
        /// How a requested resume went; `nil` when none was asked for.
        public var resume: ResumeOutcome?

        public init(
            session: String, node: String, version: Int = ProtocolVersion.current, capabilities: [Capability] = [],
            limits: SessionLimits = .defaults, player: PlayerInfo? = nil, games: [String] = [],
            resume: ResumeOutcome? = nil
        ) {
            self.session = session
            self.node = node
            self.version = version
            self.capabilities = capabilities
            self.limits = limits
            self.player = player
            self.games = games
            self.resume = resume
        }
    }

    /// How a resume went: `{"ok":true,"from":42}` or `{"ok":false,"reason":"expired"}`.
    public enum ResumeOutcome: Hashable, Sendable {
        /// The session continues; the messages from `fromSeq` on follow `welcome` at once.
        case resumed(fromSeq: Int)
        /// The session could not be resumed; `welcome` opened a new one (seq starts at 1 again).
        /// Reasons: `unknown_session`, `expired`, `too_far_behind`, `bad_seq`, `wrong_player`.
        case refused(reason: String)
    }

    /// The fields of `game.joined`.
    public struct GameJoined: Hashable, Sendable {
        /// The game id.
        public var game: String
        /// The game kind's wire name.
        public var kind: String
        /// The session's seat, or `nil` when watching (`"as":"spectator"`).
        public var seat: Int?
        /// How many seats the game has.
        public var seats: Int
        /// Where the game is in its life.
        public var state: GameState
        /// Who sits where (taken seats only).
        public var players: [SeatedPlayer]
        /// The game-specific state needed to draw the game.
        public var snapshot: JSONValue
        /// The invite code of a private game, sent to its players only.
        public var invite: String?

        public init(
            game: String, kind: String, seat: Int?, seats: Int, state: GameState, players: [SeatedPlayer],
            snapshot: JSONValue, invite: String? = nil
        ) {
            self.game = game
            self.kind = kind
            self.seat = seat
            self.seats = seats
            self.state = state
            self.players = players
            self.snapshot = snapshot
            self.invite = invite
        }
    }

    /// What happened to a seated player (`game.player`'s `status`).
    public enum PresenceStatus: String, Hashable, Sendable, CaseIterable {
        /// Took the seat.
        case joined
        /// Connection dropped; the seat is held for the resume grace period.
        case away
        /// Came back within the grace period.
        case back
        /// Gave up the seat, or did not come back in time.
        case left
    }

    /// A line of chat: `{"room":"lobby","from":{"id":..,"name":..},"text":"gg","at":1700000000000}`.
    public struct ChatLine: Hashable, Sendable {
        /// `"lobby"` or a game id.
        public var room: String
        /// Who said it.
        public var from: PlayerInfo
        /// What was said.
        public var text: String
        /// When the server received it, in milliseconds since the Unix epoch.
        public var at: Int64

        public init(room: String, from: PlayerInfo, text: String, at: Int64) {
            self.room = room
            self.from = from
            self.text = text
            self.at = at
        }
    }
}
