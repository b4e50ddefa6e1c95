import Games
import Identity
import Protocol

/// The binary form of `NodeMessage` on the cluster link.
///
/// One tag byte per case, then the fields in order with `WireWriter`'s primitives. Protocol
/// messages inside (a client's request, a message for a session) travel as their JSON text, which
/// the receiving node parses with the same strict parser as a client's input; game values travel
/// as JSON too. A decoder error names what was wrong and where, and the message is dropped.
extension NodeMessage {
    private enum Tag: UInt8 {
        case join = 1, move, leave, gameChat, presence, host, adopt, adopted, gameMoved
        case deliver = 16, membership, request, connectionLost, resume
        case transmit = 32, attach, replaced, openSession
    }

    /// The message's bytes.
    func wireBytes() -> [UInt8] {
        var writer = WireWriter()
        switch self {
        case .host(let game, let setup, let session, let player, let cid):
            writer.byte(Tag.host.rawValue)
            writer.string(game)
            writer.string(setup.kind.rawValue)
            writer.int(setup.seats)
            writer.data(setup.options.jsonFragment.bytes)
            writer.bool(setup.isPrivate)
            writer.session(session)
            writer.player(player)
            writer.optionalInt(cid)
        case .join(let game, let session, let player, let role, let viaInvite, let cid):
            writer.byte(Tag.join.rawValue)
            writer.string(game)
            writer.session(session)
            writer.player(player)
            writer.byte(role == .player ? 0 : 1)
            writer.bool(viaInvite)
            writer.optionalInt(cid)
        case .move(let game, let session, let move, let cid):
            writer.byte(Tag.move.rawValue)
            writer.string(game)
            writer.session(session)
            writer.data(move.jsonFragment.bytes)
            writer.optionalInt(cid)
        case .leave(let game, let session, let cid):
            writer.byte(Tag.leave.rawValue)
            writer.string(game)
            writer.session(session)
            writer.optionalInt(cid)
        case .gameChat(let game, let session, let line, let cid):
            writer.byte(Tag.gameChat.rawValue)
            writer.string(game)
            writer.session(session)
            writer.string(line.room)
            writer.player(line.from)
            writer.string(line.text)
            writer.int(Int(line.at))
            writer.optionalInt(cid)
        case .presence(let game, let session, let change):
            writer.byte(Tag.presence.rawValue)
            writer.string(game)
            writer.session(session)
            writer.byte(change.rawValue)
        case .deliver(let sessions, let message, let membership):
            writer.byte(Tag.deliver.rawValue)
            writer.unsigned(UInt64(sessions.count))
            for id in sessions { writer.string(id) }
            writer.outbound(message)
            writer.membership(membership)
        case .membership(let session, let change):
            writer.byte(Tag.membership.rawValue)
            writer.string(session)
            writer.membership(change)
        case .request(let session, let link, let cid, let message):
            writer.byte(Tag.request.rawValue)
            writer.string(session)
            writer.link(link)
            writer.data(message.encode(cid: cid))
        case .connectionLost(let session, let link):
            writer.byte(Tag.connectionLost.rawValue)
            writer.string(session)
            writer.link(link)
        case .resume(let session, let lastSeq, let request):
            writer.byte(Tag.resume.rawValue)
            writer.string(session)
            writer.int(lastSeq)
            writer.sessionRequest(request)
        case .transmit(let link, let bytes):
            writer.byte(Tag.transmit.rawValue)
            writer.int(link)
            writer.data(bytes)
        case .attach(let link, let session):
            writer.byte(Tag.attach.rawValue)
            writer.int(link)
            writer.session(session)
        case .replaced(let link):
            writer.byte(Tag.replaced.rawValue)
            writer.int(link)
        case .openSession(let request, let refusal):
            writer.byte(Tag.openSession.rawValue)
            writer.sessionRequest(request)
            writer.string(refusal)
        case .adopt(let game):
            writer.byte(Tag.adopt.rawValue)
            writer.handedGame(game)
        case .adopted(let game, let place, let accepted):
            writer.byte(Tag.adopted.rawValue)
            writer.string(game)
            writer.string(place.node)
            writer.int(place.shard)
            writer.bool(accepted)
        case .gameMoved(let game, let place):
            writer.byte(Tag.gameMoved.rawValue)
            writer.string(game)
            writer.optionalString(place?.node)
            writer.int(place?.shard ?? 0)
        }
        return writer.bytes
    }

    /// Reads a message from another node.
    init(wireBytes bytes: [UInt8], registry: GameRegistry = .standard) throws(WireError) {
        var reader = WireReader(bytes)
        let raw = try reader.byte()
        guard let tag = Tag(rawValue: raw) else { throw WireError(description: "unknown node message \(raw)") }
        switch tag {
        case .host:
            let game = try reader.string(), kindName = try reader.string()
            guard let kind = registry.kind(named: kindName) else { throw WireError(description: "unknown kind \(kindName)") }
            let seats = try reader.int()
            guard kind.seatRange.contains(seats) else { throw WireError(description: "\(seats) seats") }
            let options = try reader.gameValue()
            guard case .success(let resolved) = registry.resolveOptions(kind: kindName, options) else {
                throw WireError(description: "options refused by \(kindName)")
            }
            let setup = GameSetup(kind: kind, seats: seats, options: resolved, isPrivate: try reader.bool())
            self = .host(
                game: game, setup: setup, session: try reader.session(), player: try reader.player(),
                cid: try reader.optionalInt())
        case .join:
            let game = try reader.string(), session = try reader.session(), player = try reader.player()
            let role: ClientMessage.JoinRole
            switch try reader.byte() {
            case 0: role = .player
            case 1: role = .spectator
            case let other: throw WireError(description: "join role \(other)")
            }
            self = .join(
                game: game, session: session, player: player, role: role, viaInvite: try reader.bool(),
                cid: try reader.optionalInt())
        case .move:
            let game = try reader.string(), session = try reader.session()
            self = .move(game: game, session: session, move: try reader.gameValue(), cid: try reader.optionalInt())
        case .leave:
            self = .leave(game: try reader.string(), session: try reader.session(), cid: try reader.optionalInt())
        case .gameChat:
            let game = try reader.string(), session = try reader.session()
            let line = ServerMessage.ChatLine(
                room: try reader.string(), from: try reader.player(), text: try reader.string(), at: Int64(try reader.int()))
            self = .gameChat(game: game, session: session, line: line, cid: try reader.optionalInt())
        case .presence:
            let game = try reader.string(), session = try reader.session()
            guard let change = SessionPresence(rawValue: try reader.byte()) else {
                throw WireError(description: "unknown presence change")
            }
            self = .presence(game: game, session: session, change: change)
        case .deliver:
            let count = try reader.unsigned()
            guard count <= 100_000 else { throw WireError(description: "\(count) recipients") }
            var sessions: [String] = []
            for _ in 0..<count { sessions.append(try reader.string()) }
            self = .deliver(sessions: sessions, message: try reader.outbound(), membership: try reader.membership())
        case .membership:
            let session = try reader.string()
            guard let change = try reader.membership() else { throw WireError(description: "empty membership change") }
            self = .membership(session: session, change: change)
        case .request:
            let session = try reader.string(), link = try reader.link()
            switch ClientMessage.decode(try reader.data()) {
            case .success(let (cid, message)): self = .request(session: session, link: link, cid: cid, message: message)
            case .failure(let error): throw WireError(description: "forwarded request: \(error)")
            }
        case .connectionLost:
            self = .connectionLost(session: try reader.string(), link: try reader.link())
        case .resume:
            self = .resume(session: try reader.string(), lastSeq: try reader.int(), request: try reader.sessionRequest())
        case .transmit:
            self = .transmit(link: try reader.int(), bytes: try reader.data())
        case .attach:
            self = .attach(link: try reader.int(), session: try reader.session())
        case .replaced:
            self = .replaced(link: try reader.int())
        case .openSession:
            self = .openSession(request: try reader.sessionRequest(), refusal: try reader.string())
        case .adopt:
            self = .adopt(try reader.handedGame(registry: registry))
        case .adopted:
            self = .adopted(
                game: try reader.string(), place: ShardPlace(node: try reader.string(), shard: try reader.shardIndex()),
                accepted: try reader.bool())
        case .gameMoved:
            let game = try reader.string(), node = try reader.optionalString(), shard = try reader.shardIndex()
            self = .gameMoved(game: game, place: node.map { ShardPlace(node: $0, shard: shard) })
        }
        guard reader.isAtEnd else { throw WireError(description: "trailing bytes after a \(tag) message") }
    }
}

extension WireWriter {
    mutating func session(_ address: SessionAddress) {
        string(address.node)
        int(address.shard)
        string(address.id)
    }

    mutating func link(_ address: LinkAddress) {
        string(address.node)
        int(address.shard)
        int(address.id)
    }

    mutating func player(_ player: PlayerInfo) {
        string(player.id)
        string(player.name)
    }

    mutating func outbound(_ message: OutboundMessage) {
        let prepared: PreparedServerMessage
        switch message {
        case .shared(let shared): prepared = shared
        case .single(let single): prepared = PreparedServerMessage(numbering: single)
        }
        data(prepared.head)
        data(prepared.tail)
    }

    mutating func membership(_ change: MembershipChange?) {
        switch change {
        case nil: byte(0)
        case .joined(let game, let seat)?:
            byte(1)
            string(game)
            optionalInt(seat)
        case .left(let game)?:
            byte(2)
            string(game)
        }
    }

    mutating func sessionRequest(_ request: SessionRequest) {
        link(request.link)
        optionalInt(request.cid)
        optionalString(request.player?.playerID)
        optionalString(request.player?.nickname)
        unsigned(UInt64(request.capabilities.count))
        for capability in request.capabilities { string(capability.rawValue) }
        string(request.client.name)
        string(request.client.version)
    }
}

extension WireReader {
    mutating func shardIndex() throws(WireError) -> Int {
        let shard = try int()
        guard (0..<4096).contains(shard) else { throw WireError(description: "shard \(shard)") }
        return shard
    }

    mutating func session() throws(WireError) -> SessionAddress {
        SessionAddress(node: try string(), shard: try shardIndex(), id: try string())
    }

    mutating func link() throws(WireError) -> LinkAddress {
        LinkAddress(node: try string(), shard: try shardIndex(), id: try int())
    }

    mutating func player() throws(WireError) -> PlayerInfo {
        PlayerInfo(id: try string(), name: try string())
    }

    mutating func gameValue() throws(WireError) -> GameValue {
        guard case .success(let json) = JSONParser.parse(try data()), let value = GameValue(json: json) else {
            throw WireError(description: "game value is not integer JSON")
        }
        return value
    }

    mutating func outbound() throws(WireError) -> OutboundMessage {
        guard let prepared = PreparedServerMessage(head: try data(), tail: try data()) else {
            throw WireError(description: "message halves do not form a server message")
        }
        return .shared(prepared)
    }

    mutating func membership() throws(WireError) -> MembershipChange? {
        switch try byte() {
        case 0: return nil
        case 1: return .joined(game: try string(), seat: try optionalInt())
        case 2: return .left(game: try string())
        case let other: throw WireError(description: "membership tag \(other)")
        }
    }

    mutating func sessionRequest() throws(WireError) -> SessionRequest {
        let link = try link(), cid = try optionalInt()
        let playerID = try optionalString(), nickname = try optionalString()
        let player: PlayerIdentity?
        switch (playerID, nickname) {
        case (let id?, let name?): player = PlayerIdentity(playerID: id, nickname: name)
        case (nil, nil): player = nil
        default: throw WireError(description: "player id without nickname")
        }
        let count = try unsigned()
        guard count <= 32 else { throw WireError(description: "\(count) capabilities") }
        var capabilities: [Capability] = []
        for _ in 0..<count { capabilities.append(Capability(rawValue: try string())) }
        let client = ClientMessage.ClientInfo(name: try string(), version: try string())
        return SessionRequest(link: link, cid: cid, player: player, capabilities: capabilities, client: client)
    }
}
