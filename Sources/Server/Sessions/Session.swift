import Identity
import Protocol
import Reactor

/// A player's session: its message sequence, the replay buffer a resume reads from, the games and
/// lobby it follows, and the connection it currently speaks through.
///
/// A session lives on the shard where it was opened, for its whole life; after a resume its
/// connection may sit on another shard, and bytes then travel between the two loops. It outlives a
/// dropped connection for the resume grace period (`SessionLimits.resumeGraceMilliseconds`).
final class Session {
    /// The capabilities this server supports (`welcome.caps` is their intersection with the client's).
    static let supportedCapabilities: [Capability] = [.resume, .redirect]

    let id: String
    /// The shard that owns this object. `unowned(unsafe)`: a shard lives as long as its server
    /// and owns everything that points back to it, and a checked `unowned` costs an atomic
    /// retain on every access (9 % of the CPU at 500 Cycles games, LoadTests/README.md).
    unowned(unsafe) let shard: Shard
    let capabilities: [Capability]
    let client: ClientMessage.ClientInfo
    /// The logged-in player, once `login` or a token named one.
    private(set) var player: PlayerIdentity?
    /// The games the session is in: seat number, or nil when watching.
    private(set) var games: [String: Int?] = [:]
    /// Whether the session follows the lobby.
    var followsLobby = false
    /// The connection the session speaks through; nil while dropped.
    private(set) var link: LinkAddress?
    private var replay: ReplayBuffer
    private var graceTimer: TimerID?
    var chatRate: TokenBucket

    init(id: String, shard: Shard, request: SessionRequest) {
        self.id = id
        self.shard = shard
        capabilities = request.capabilities
        client = request.client
        player = request.player
        link = request.link
        let limits = shard.node.limits
        replay = ReplayBuffer(capacity: limits.replayMessages)
        chatRate = TokenBucket(
            ratePerSecond: limits.chatPerSecond, burst: limits.chatBurst, nowNanoseconds: shard.loop.now.nanoseconds)
    }

    var address: SessionAddress { SessionAddress(node: shard.node.nodeName, shard: shard.index, id: id) }

    /// The player as others see it.
    var playerInfo: PlayerInfo? { player.map { PlayerInfo(id: $0.playerID, name: $0.nickname) } }

    /// The seq of the newest message sent.
    var lastSeq: Int { replay.lastSeq }

    // MARK: Sending

    /// Numbers `message`, keeps it for a resume and sends it if connected.
    func deliver(_ message: OutboundMessage, membership: MembershipChange?) {
        if let membership { apply(membership) }
        let seq = replay.append(message)
        transmit(seq: seq, message)
        if case .joined(let game, _)? = membership { hintRedirect(to: game) }
    }

    /// Applies a membership change that comes without a message.
    func apply(_ membership: MembershipChange) {
        switch membership {
        case .joined(let game, let seat): games[game] = .some(seat)
        case .left(let game): games[game] = nil
        }
        reportPresence()
    }

    /// Tells shard 0's presence book who this session's player is and which games it is in.
    func reportPresence() {
        guard let player = playerInfo else { return }
        let address = address, games = games.keys.sorted()
        shard.run(on: 0) { $0.presence?.update(address, player: player, games: games) }
    }

    /// Spec §11: a client that accepts `redirect` hears where a game it joined lives, when that is
    /// another node than the one it is connected to.
    private func hintRedirect(to game: String) {
        guard capabilities.contains(.redirect), let link, let owner = shard.place(ofGame: game)?.node,
            owner != link.node, let url = shard.node.views.publicURLs.withLock({ $0[owner] })
        else { return }
        sendUnsequenced(.redirect(game: game, url: url))
    }

    /// Sends an already-numbered message to the connection, if any.
    private func transmit(seq: Int, _ message: OutboundMessage) {
        guard let link else { return }
        message.encode(seq: seq, into: &shard.writer)
        sendWriterContents(to: link)
    }

    /// Sends a message outside the sequence (`welcome`, `pong`).
    func sendUnsequenced(_ message: ServerMessage) {
        guard let link else { return }
        message.encode(seq: nil, into: &shard.writer)
        sendWriterContents(to: link)
    }

    private func sendWriterContents(to link: LinkAddress) {
        defer { shard.writer.removeAll() }
        if link.place == shard.place {
            guard let connection = shard.links[link.id] else { return }
            shard.writer.withUnsafeBytes { connection.send($0) }
        } else {
            shard.send(.transmit(link: link.id, bytes: shard.writer.bytes), to: link.place)
        }
    }

    /// A reply to the current request: sequenced.
    func reply(_ message: ServerMessage, membership: MembershipChange? = nil) {
        deliver(.single(message), membership: membership)
    }

    /// An error answering request `cid`.
    func fail(cid: Int?, _ code: ErrorCode, _ message: String) {
        reply(.error(ProtocolError(code: code, message: message, cid: cid)))
    }

    // MARK: Life cycle

    /// Logs the session in as `identity`.
    func logIn(_ identity: PlayerIdentity) {
        precondition(player == nil, "a session logs in once")
        player = identity
        reportPresence()
    }

    /// Attaches the session to the connection at `link`, replacing (closing with 4003) any other.
    func attach(_ link: LinkAddress) {
        if let old = self.link, old != link {
            shard.send(.replaced(link: old.id), to: old.place)
        }
        self.link = link
        if let graceTimer {
            shard.loop.cancel(graceTimer)
            self.graceTimer = nil
            notifyGames(.returned)
        }
    }

    /// The messages after `lastSeq`, or why a resume from there is impossible.
    func replayable(after lastSeq: Int) -> Result<[(seq: Int, message: OutboundMessage)], ReplayBuffer.Gap> {
        replay.messages(after: lastSeq)
    }

    /// Sends already-numbered messages again (a resume).
    func retransmit(_ messages: [(seq: Int, message: OutboundMessage)]) {
        for (seq, message) in messages { transmit(seq: seq, message) }
    }

    /// The connection at `link` dropped: hold the session (and its seats) for the grace period.
    func connectionLost(_ link: LinkAddress) {
        guard self.link == link else { return }
        self.link = nil
        let grace = Duration.milliseconds(shard.node.limits.resumeGraceMilliseconds)
        graceTimer = shard.loop.schedule(after: grace) { [shard, id] in shard.sessions[id]?.expire() }
        notifyGames(.away)
    }

    /// The grace period ended without a resume: leave everything and forget the session.
    func expire() {
        graceTimer = nil
        shard.sessions[id] = nil
        shard.expiredSessions.insert(id)
        notifyGames(.gone)
        if let player {
            let address = address, playerID = player.playerID
            shard.run(on: 0) { $0.presence?.remove(address, player: playerID) }
        }
        if followsLobby {
            let address = address
            shard.run(on: 0) { $0.lobby!.unsubscribe(address) }
        }
    }

    /// Tells every game the session is in what happened to it.
    private func notifyGames(_ change: SessionPresence) {
        for game in games.keys {
            guard let host = shard.place(ofGame: game) else { continue }
            shard.send(.presence(game: game, session: address, change: change), to: host)
        }
    }
}
