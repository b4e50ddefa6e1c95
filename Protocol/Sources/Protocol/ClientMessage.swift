/// A message from a client to the server, with typed fields. The correlation id `cid` travels
/// beside it (see `decode(_:)` and `encode(cid:)`), since any request may carry one.
///
/// Game-specific values (`move`, `options`) stay `JSONValue` here; the Games target reads them.
public enum ClientMessage: Hashable, Sendable {
    /// `hello`: the first message on every connection.
    case hello(Hello)
    /// `login`: a guest login under a nickname.
    case login(name: String)
    /// `lobby.subscribe`: receive the lobby (games of `kind`, or all) and its changes.
    case lobbySubscribe(kind: String?)
    /// `lobby.unsubscribe`: stop receiving lobby changes.
    case lobbyUnsubscribe
    /// `game.create`: open a game and take its first seat.
    case gameCreate(GameCreate)
    /// `game.join`: take a seat in, or watch, a game given by id or invite.
    case gameJoin(target: JoinTarget, role: JoinRole)
    /// `quickplay`: take a seat in any open public game of `kind`, or open one.
    case quickplay(kind: String)
    /// `game.move`: play `move` in `game`.
    case gameMove(game: String, move: JSONValue)
    /// `game.leave`: give up the seat (a forfeit if the game runs) or stop watching.
    case gameLeave(game: String)
    /// `chat`: say `text` in `room` (`"lobby"` or a game id).
    case chat(room: String, text: String)
    /// `ping`: ask for a `pong` (application-level liveness and clock offset).
    case ping
    /// `leaderboard.get`: a game kind's board, its top and the ranks around a player.
    case leaderboardGet(LeaderboardQuery)

    /// The `t` of each message type.
    public enum MessageType {
        public static let hello = "hello"
        public static let login = "login"
        public static let lobbySubscribe = "lobby.subscribe"
        public static let lobbyUnsubscribe = "lobby.unsubscribe"
        public static let gameCreate = "game.create"
        public static let gameJoin = "game.join"
        public static let quickplay = "quickplay"
        public static let gameMove = "game.move"
        public static let gameLeave = "game.leave"
        public static let chat = "chat"
        public static let ping = "ping"
        public static let leaderboardGet = "leaderboard.get"

        /// Every client message type.
        public static let all = [
            hello, login, lobbySubscribe, lobbyUnsubscribe, gameCreate, gameJoin, quickplay, gameMove, gameLeave,
            chat, ping, leaderboardGet,
        ]
    }

    /// This message's `t`.
    public var type: String {
        switch self {
        case .hello: MessageType.hello
        case .login: MessageType.login
        case .lobbySubscribe: MessageType.lobbySubscribe
        case .lobbyUnsubscribe: MessageType.lobbyUnsubscribe
        case .gameCreate: MessageType.gameCreate
        case .gameJoin: MessageType.gameJoin
        case .quickplay: MessageType.quickplay
        case .gameMove: MessageType.gameMove
        case .gameLeave: MessageType.gameLeave
        case .chat: MessageType.chat
        case .ping: MessageType.ping
        case .leaderboardGet: MessageType.leaderboardGet
        }
    }
}

extension ClientMessage {
    /// The fields of `hello`.
    public struct Hello: Hashable, Sendable {
        /// The protocol major version the client speaks (`ProtocolVersion.current`).
        public var version: Int
        /// Who the client is, for logs and compatibility workarounds.
        public var client: ClientInfo
        /// The features the client supports; unknown names are ignored by the server.
        public var capabilities: [Capability]
        /// A token from an earlier `login.ok`: the session starts logged in as that player.
        public var token: String?
        /// The session to resume after a drop; needs `token`.
        public var resume: ResumeRequest?

        /// A hello with these fields.
        public init(
            version: Int = ProtocolVersion.current, client: ClientInfo, capabilities: [Capability] = [],
            token: String? = nil, resume: ResumeRequest? = nil
        ) {
            self.version = version
            self.client = client
            self.capabilities = capabilities
            self.token = token
            self.resume = resume
        }
    }

    /// The client program's name and version (`hello.client`).
    public struct ClientInfo: Hashable, Sendable {
        /// 1–64 printable characters, e.g. `"roost-play"`.
        public var name: String
        /// Up to 32 printable characters, e.g. `"0.1.0"`.
        public var version: String

        public init(name: String, version: String) {
            self.name = name
            self.version = version
        }
    }

    /// `hello.resume`: the session to continue and the last `seq` the client received on it.
    public struct ResumeRequest: Hashable, Sendable {
        /// The `welcome.session` of the dropped connection.
        public var session: String
        /// The highest `seq` received (0 if none).
        public var lastSeq: Int

        public init(session: String, lastSeq: Int) {
            self.session = session
            self.lastSeq = lastSeq
        }
    }

    /// The fields of `game.create`.
    public struct GameCreate: Hashable, Sendable {
        /// The game kind's wire name (`"connect4"`, `"cycles"`).
        public var kind: String
        /// Whether the game is private: seats only by invite (it is still listed and may be watched).
        public var isPrivate: Bool
        /// How many seats; `nil` takes the kind's default.
        public var seats: Int?
        /// The kind's options object; `nil` takes the kind's defaults.
        public var options: JSONValue?

        public init(kind: String, isPrivate: Bool = false, seats: Int? = nil, options: JSONValue? = nil) {
            self.kind = kind
            self.isPrivate = isPrivate
            self.seats = seats
            self.options = options
        }
    }

    /// Which game `game.join` means: its id (`game`) or an invite code (`invite`).
    public enum JoinTarget: Hashable, Sendable {
        /// A game id from the lobby or a `game.joined`.
        case game(String)
        /// An invite code from the creator of a private game.
        case invite(String)
    }

    /// How to join: `as` in `game.join`.
    public enum JoinRole: String, Hashable, Sendable, CaseIterable {
        /// Take a free seat (or the seat this player already holds).
        case player
        /// Watch without a seat.
        case spectator
    }
}
