import Cluster
import ResultStore

/// Every finished game's result on every node's SQLite (spec: losing one node loses no result).
///
/// Two ways, both on the `.tasks` channel and both idempotent (`insertReplicated` keys results by
/// origin and sequence number):
/// - push: the owner broadcasts each result right after committing it;
/// - pull (anti-entropy): a node sends a peer its per-origin watermarks when the link comes up and
///   every `antiEntropyInterval`; the peer answers with the results above them that it holds, a
///   page at a time, and the node asks again while pages come back full. This repairs what a push
///   missed (a partition, a restart, a node that was down).
///
/// Store work runs on the result writer's thread, never on a game loop or the cluster loop.
enum ResultReplicationMessage {
    /// Results committed or held by the sender; with an `ack` number, the receiver answers
    /// `stored(ack)` once they are in its store.
    case results([GameResult], ack: UInt64?)
    /// "Send me what you hold above these": origin → highest contiguous sequence number held.
    case watermarks([String: Int64])
    /// The results pushed with this `ack` number are stored.
    case stored(UInt64)

    private enum Tag: UInt8 { case results = 1, watermarks, stored }

    /// Results per page of a pull.
    static let pageSize = 500

    func wireBytes() -> [UInt8] {
        var writer = WireWriter()
        switch self {
        case .stored(let ack):
            writer.byte(Tag.stored.rawValue)
            writer.unsigned(ack)
        case .results(let results, let ack):
            writer.byte(Tag.results.rawValue)
            writer.unsigned(ack.map { $0 + 1 } ?? 0)
            writer.unsigned(UInt64(results.count))
            for result in results { writer.result(result) }
        case .watermarks(let marks):
            writer.byte(Tag.watermarks.rawValue)
            writer.unsigned(UInt64(marks.count))
            for (origin, sequence) in marks.sorted(by: { $0.key < $1.key }) {
                writer.string(origin)
                writer.int(Int(sequence))
            }
        }
        return writer.bytes
    }

    init(wireBytes bytes: [UInt8]) throws(WireError) {
        var reader = WireReader(bytes)
        switch Tag(rawValue: try reader.byte()) {
        case .stored:
            self = .stored(try reader.unsigned())
        case .results:
            let ack = try reader.unsigned()
            var results: [GameResult] = []
            for _ in 0..<(try reader.count(max: UInt64(Self.pageSize * 2), "results")) { results.append(try reader.result()) }
            self = .results(results, ack: ack == 0 ? nil : ack - 1)
        case .watermarks:
            var marks: [String: Int64] = [:]
            for _ in 0..<(try reader.count(max: 100_000, "origins")) { marks[try reader.string()] = Int64(try reader.int()) }
            self = .watermarks(marks)
        case nil:
            throw WireError(description: "unknown result replication message")
        }
        guard reader.isAtEnd else { throw WireError(description: "trailing bytes in a result message") }
    }
}

extension WireWriter {
    mutating func result(_ result: GameResult) {
        string(result.gameID)
        string(result.kind)
        unsigned(UInt64(result.players.count))
        for player in result.players {
            int(player.seat)
            string(player.playerID)
            string(player.nickname)
        }
        string(result.outcome.rawValue)
        unsigned(UInt64(result.winners.count))
        for winner in result.winners { int(winner) }
        int(result.moves)
        int(Int(result.startedAtMilliseconds))
        int(Int(result.endedAtMilliseconds))
        string(result.originNode)
        int(Int(result.originSeq))
    }
}

extension WireReader {
    mutating func result() throws(WireError) -> GameResult {
        let gameID = try string(), kind = try string()
        var players: [ResultPlayer] = []
        for _ in 0..<(try count(max: 64, "players")) {
            players.append(ResultPlayer(seat: try int(), playerID: try string(), nickname: try string()))
        }
        guard let outcome = Outcome(rawValue: try string()) else { throw WireError(description: "unknown outcome") }
        var winners: [Int] = []
        for _ in 0..<(try count(max: 64, "winners")) { winners.append(try int()) }
        let new = NewGameResult(
            gameID: gameID, kind: kind, players: players, outcome: outcome, winners: winners, moves: try int(),
            startedAtMilliseconds: Int64(try int()), endedAtMilliseconds: Int64(try int()))
        return GameResult(new, originNode: try string(), originSeq: Int64(try int()))
    }
}
