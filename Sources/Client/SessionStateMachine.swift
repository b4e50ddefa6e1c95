import Protocol

/// The client's half of a `roost.v1` session (spec §3, §10) as a pure value: it watches what the
/// client sends and receives, keeps what a reconnect needs (token, session id, `lastSeq`, lobby
/// filter, games), and says what to do when a session starts or a connection ends. The shells
/// (`RoostClient`, `BlockingRoostClient`) do the I/O.
///
/// Where it goes beyond the spec's minimum: after a refused resume it also re-joins the games the
/// session was only watching (as a spectator), since `welcome.games` lists seats only; and after a
/// 4002 close (token refused) it logs in again under the last name that logged in.
public struct SessionStateMachine: Sendable {
    /// `hello.client`.
    public var client: ClientMessage.ClientInfo
    /// `hello.caps`; resume is only asked for when it holds `.resume`.
    public var capabilities: [Capability]

    /// The token from the last `login.ok` (or the one `hello` carried). Never show or log it.
    public private(set) var token: String?
    /// The player the session is logged in as.
    public private(set) var player: PlayerInfo?
    /// The session id from the last `welcome`.
    public private(set) var session: String?
    /// The `seq` numbers of the current session.
    public private(set) var sequence = SequenceTracker()
    /// The limits from the last `welcome`.
    public private(set) var limits = SessionLimits.defaults
    /// The lobby filter in effect, `nil` when not following the lobby.
    public private(set) var lobby: LobbySubscription?
    /// The games the session is in, and how.
    public private(set) var games: [String: ClientMessage.JoinRole] = [:]
    /// The name of the last successful `login`, to log in again if the token is refused.
    public private(set) var loginName: String?
    private var pendingLoginName: String?

    /// A session for the client `client`, announcing `capabilities`, starting with `token` if any.
    public init(client: ClientMessage.ClientInfo, capabilities: [Capability] = [.resume], token: String? = nil) {
        self.client = client
        self.capabilities = capabilities
        self.token = token
    }

    /// The highest `seq` processed on the current session.
    public var lastSeq: Int { sequence.lastSeq }

    /// The `hello` to open the next connection with: the token when there is one, and a resume of
    /// the last session when the client announces `resume`.
    public func makeHello() -> ClientMessage.Hello {
        var resume: ClientMessage.ResumeRequest?
        if token != nil, let session, capabilities.contains(.resume) {
            resume = ClientMessage.ResumeRequest(session: session, lastSeq: sequence.lastSeq)
        }
        return ClientMessage.Hello(client: client, capabilities: capabilities, token: token, resume: resume)
    }

    /// Notes what a request changes about the session, before it is sent.
    public mutating func willSend(_ message: ClientMessage) {
        switch message {
        case .hello(let hello):
            token = hello.token
            if let resume = hello.resume {
                session = resume.session
                sequence.reset(to: resume.lastSeq)
            }
        case .login(let name): pendingLoginName = name
        case .lobbySubscribe(let kind): lobby = LobbySubscription(kind: kind)
        case .lobbyUnsubscribe: lobby = nil
        case .gameLeave(let game): games[game] = nil
        default: break
        }
    }

    /// Takes in a server message; the answer says whether to hand it to the application.
    public mutating func received(_ message: ReceivedMessage) -> Reception {
        let check = sequence.received(seq: message.seq)
        if check == .duplicate { return .duplicate }
        switch message.message {
        case .welcome(_, let welcome):
            return .sessionStarted(started(welcome))
        case .loginOK(_, let player, let token):
            self.player = player
            self.token = token
            loginName = pendingLoginName ?? loginName
        case .error(let error) where error.code == .invalidToken:
            token = nil
        case .gameJoined(_, let joined):
            games[joined.game] = joined.seat == nil ? .spectator : .player
        case .gameFinished(let game, _, _):
            games[game] = nil
        default:
            break
        }
        if case .gap(let expected, let received) = check { return .deliverAfterGap(expected: expected, received: received) }
        return .deliver
    }

    /// The connection ended; the answer is what to do next (spec §8). After a 4002 the token,
    /// the session and the player are forgotten: the next `hello` starts afresh.
    public mutating func connectionEnded(_ close: ConnectionClose) -> CloseCodes.Advice {
        let advice = close.advice
        if advice == .reconnectWithoutToken {
            token = nil
            session = nil
            player = nil
            games = [:]
            sequence.reset()
        }
        return advice
    }

    private mutating func started(_ welcome: ServerMessage.Welcome) -> SessionStart {
        session = welcome.session
        limits = welcome.limits
        var refusal: String?
        switch welcome.resume {
        case .resumed?:
            if let player = welcome.player { self.player = player }
            return SessionStart(welcome: welcome, resumed: true, refusedReason: nil, followUps: [])
        case .refused(let reason)?:
            refusal = reason
        case nil:
            break
        }
        // A new session: seq restarts at 1, and what the old one followed must be asked for again.
        sequence.reset()
        player = welcome.player
        var followUps: [ClientMessage] = []
        if player == nil, let loginName { followUps.append(.login(name: loginName)) }
        if let lobby { followUps.append(.lobbySubscribe(kind: lobby.kind)) }
        if player != nil {
            for game in welcome.games { followUps.append(.gameJoin(target: .game(game), role: .player)) }
            let watched = games.filter { $0.value == .spectator && !welcome.games.contains($0.key) }.keys.sorted()
            for game in watched { followUps.append(.gameJoin(target: .game(game), role: .spectator)) }
        }
        games = [:]
        return SessionStart(welcome: welcome, resumed: false, refusedReason: refusal, followUps: followUps)
    }
}

/// The lobby filter a session follows: `kind`, or every game when `nil`.
public struct LobbySubscription: Hashable, Sendable {
    /// The game kind followed, or `nil` for all.
    public var kind: String?

    /// Following `kind` (all kinds when `nil`).
    public init(kind: String?) { self.kind = kind }
}

/// What to do with a message the session took in.
public enum Reception: Hashable, Sendable {
    /// Hand it to the application.
    case deliver
    /// Hand it over, but messages are missing before it: views built from updates may be stale.
    case deliverAfterGap(expected: Int, received: Int)
    /// Drop it: already processed (a replay overlapping what arrived before the drop).
    case duplicate
    /// A `welcome`: the session is open; hand it over and send `followUps`.
    case sessionStarted(SessionStart)
}

/// How a session started, and what to send to get back to where the client was.
public struct SessionStart: Hashable, Sendable {
    /// The `welcome`.
    public var welcome: ServerMessage.Welcome
    /// The old session continues: the missed messages follow, nothing needs to be asked again.
    public var resumed: Bool
    /// Why a requested resume was refused (`expired`, `unknown_session`, ...), if it was.
    public var refusedReason: String?
    /// Requests that restore the old state on the new session: log in again, re-subscribe to the
    /// lobby, re-join games (their `game.joined` brings fresh snapshots).
    public var followUps: [ClientMessage]
}
