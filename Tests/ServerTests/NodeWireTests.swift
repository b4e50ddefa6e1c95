import Games
import Identity
import Protocol
import Testing

@testable import Server

@Suite struct NodeWireTests {
    static let session = SessionAddress(node: "n2", shard: 1, id: "s-n2-1-abc")
    static let link = LinkAddress(node: "n3", shard: 0, id: 42)
    static let ada = PlayerInfo(id: "p-ada", name: "Ada")
    static let request = SessionRequest(
        link: link, cid: 1, player: PlayerIdentity(playerID: "p-ada", nickname: "Ada"), capabilities: [.resume],
        client: .init(name: "roost-play", version: "0.1.0"))

    static let samples: [NodeMessage] = [
        .join(game: "g-n1-0-ab-1", session: session, player: ada, role: .spectator, viaInvite: true, cid: 7),
        .move(game: "g-n1-0-ab-1", session: session, move: ["turn": "left", "n": -3], cid: nil),
        .leave(game: "g-n1-0-ab-1", session: session, cid: 9_007_199_254_740_991),
        .gameChat(game: "g", session: session, line: .init(room: "g", from: ada, text: "gg ✓", at: 1_700_000_000_000), cid: 3),
        .presence(game: "g", session: session, change: .gone),
        .deliver(sessions: ["a", "b"], message: .shared(PreparedServerMessage(.gameUpdate(game: "g", update: ["k": "tick"]))), membership: nil),
        .deliver(sessions: ["a"], message: .single(.ok(cid: 5)), membership: .joined(game: "g", seat: nil)),
        .membership(session: "a", change: .left(game: "g")),
        .request(session: "a", link: link, cid: 12, message: .gameMove(game: "g", move: .int(3))),
        .connectionLost(session: "a", link: link),
        .resume(session: "s-n1-0-x", lastSeq: 41, request: request),
        .transmit(link: 42, bytes: Array(#"{"t":"pong","at":1}"#.utf8)),
        .attach(link: 42, session: session),
        .replaced(link: 42),
        .openSession(request: SessionRequest(link: link, cid: nil, player: nil, capabilities: [], client: .init(name: "x", version: "")), refusal: "expired"),
        .adopt(handedWaiting),
        .adopt(handedPlaying),
        .adopted(game: "g-n1-0-ab-1", place: ShardPlace(node: "n3", shard: 2), accepted: true),
        .adopted(game: "g-n1-0-ab-1", place: ShardPlace(node: "n3", shard: 0), accepted: false),
        .gameMoved(game: "g-n1-0-ab-1", place: ShardPlace(node: "n2", shard: 1)),
        .gameMoved(game: "g-n1-0-ab-1", place: nil),
    ]

    static let connectFour = GameRegistry.standard.kind(named: "connect4")!
    /// A waiting private game with one seat taken and a spectator.
    static let handedWaiting = HandedGame(
        id: "g-n1-0-ab-2", setup: GameSetup(kind: connectFour, seats: 2, options: ["moveClockMilliseconds": 30_000], isPrivate: true),
        invite: "k7qm2xabcd", state: .waiting, rules: nil,
        seats: [HandedGame.Seat(player: ada, session: session, present: true, hasLeft: false), nil],
        spectators: [(session: SessionAddress(node: "n3", shard: 0, id: "s-n3-0-x"), player: PlayerInfo(id: "p-cy", name: "Cy"))],
        createdAt: 1_795_000_000_000, startedAt: 0, from: ShardPlace(node: "n1", shard: 0))
    /// A running game, its rules saved mid-play.
    static let handedPlaying: HandedGame = {
        let registry = GameRegistry.standard
        guard case .success(let options) = registry.resolveOptions(kind: "connect4", .null),
            case .success(var game) = registry.makeGame(kind: "connect4", seats: 2, seed: 7, options: options, nowMilliseconds: 1000)
        else { preconditionFailure("connect4 is standard") }
        _ = game.apply(.int(3), from: Seat(0), nowMilliseconds: 1500)
        return HandedGame(
            id: "g-n1-0-ab-1", setup: GameSetup(kind: connectFour, seats: 2, options: options, isPrivate: false), invite: nil,
            state: .playing, rules: game.savedState(nowMilliseconds: 2000),
            seats: [HandedGame.Seat(player: ada, session: session, present: false, hasLeft: false),
                    HandedGame.Seat(player: PlayerInfo(id: "p-bob", name: "Bob"), session: session, present: true, hasLeft: false)],
            spectators: [], createdAt: 1_795_000_000_000, startedAt: 1_795_000_001_000, from: ShardPlace(node: "n1", shard: 0))
    }()

    @Test(arguments: samples.indices) func everyMessageSurvivesTheWire(index: Int) throws {
        let bytes = Self.samples[index].wireBytes()
        let decoded = try NodeMessage(wireBytes: bytes)
        let again = decoded.wireBytes()
        // A one-session reply crosses as prepared halves; from then on the bytes are stable.
        #expect(try NodeMessage(wireBytes: again).wireBytes() == again)
        if case .deliver(_, .single, _) = Self.samples[index] { return }
        #expect(again == bytes)
    }

    @Test(arguments: samples.indices) func everyTruncationIsRefused(index: Int) {
        let bytes = Self.samples[index].wireBytes()
        for length in 0..<bytes.count {
            #expect(throws: WireError.self) { try NodeMessage(wireBytes: Array(bytes[..<length])) }
        }
        #expect(throws: WireError.self) { try NodeMessage(wireBytes: bytes + [0]) }
    }

    @Test(arguments: [1, 2, 64]) func aNodeLoadSurvivesTheWire(shards: Int) throws {
        // Placement picks one of a node's shards from this count: 1 read back as 2 sent half the
        // games placed on another node to a shard that does not exist there.
        let load = NodeLoad(games: 3, sessions: 7, shards: shards, publicURL: "ws://10.0.0.2:8080/ws", acceptsGames: true)
        var writer = WireWriter()
        writer.nodeLoad(load)
        var reader = WireReader(writer.bytes)
        #expect(try reader.nodeLoad() == load)
        #expect(reader.isAtEnd)
    }

    @Test func hostileBytesAreRefused() {
        let hostile: [[UInt8]] = [
            [0], [99], [1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
            [16, 0xFF, 0xFF, 0xFF, 0x7F],  // a huge recipient count
            [32, 2, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F],  // a byte string longer than the input
        ]
        for bytes in hostile {
            #expect(throws: WireError.self) { try NodeMessage(wireBytes: bytes) }
        }
        // A forwarded request is held to the client protocol's rules.
        var writer = WireWriter()
        writer.byte(18)
        writer.string("a")
        writer.link(Self.link)
        writer.data(Array(#"{"t":"game.move","game":"g","move":1,"move":2}"#.utf8))
        #expect(throws: WireError.self) { try NodeMessage(wireBytes: writer.bytes) }
    }
}

